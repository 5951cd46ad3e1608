package org.fhirportal.extensions.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * HAPI's {@code RestfulServerExtension} pattern without its test artifact: a plain {@link RestfulServer} with
 * {@link HashMapResourceProvider}s in an embedded Tomcat on a free loopback port, the guard under test and
 * {@link TestTokens} registered, and {@link IGenericClient}s that send a bearer token.
 */
final class AccessTestServer implements BeforeEachCallback, AfterEachCallback {

	static final FhirContext R4 = FhirContext.forR4Cached();
	private static final List<Class<? extends IBaseResource>> TYPES =
			List.of(Patient.class, Observation.class, Practitioner.class, Communication.class, AuditEvent.class);

	final TestTokens tokens = new TestTokens();
	private final RestfulServer server = new RestfulServer(R4);
	private Tomcat tomcat;
	private File baseDir;
	private String base;

	AccessTestServer register(Object interceptor) {
		server.registerInterceptor(interceptor);
		return this;
	}

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		for (Class<? extends IBaseResource> type : TYPES) {
			server.registerProvider(new HashMapResourceProvider<>(R4, type));
		}
		server.registerProvider(new TestOperations());
		server.registerInterceptor(tokens);
		baseDir = Files.createTempDirectory("access-test").toFile();
		tomcat = new Tomcat();
		tomcat.setBaseDir(baseDir.getAbsolutePath());
		tomcat.setHostname("127.0.0.1");
		tomcat.setPort(0);
		Context root = tomcat.addContext("", baseDir.getAbsolutePath());
		Tomcat.addServlet(root, "fhir", server);
		root.addServletMappingDecoded("/fhir/*", "fhir");
		tomcat.getConnector();
		tomcat.start();
		base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/fhir";
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		tomcat.stop();
		tomcat.destroy();
	}

	IGenericClient client(String token) {
		R4.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = R4.newRestfulGenericClient(base);
		if (token != null) {
			client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		}
		return client;
	}
}
