package org.fhirportal.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fhirportal.server.FhirPortalServerApplication;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * Data written to the default H2 database, and the tokens issued, survive a stop and start of the server on the
 * same data dir.
 */
class H2RestartPersistenceTest {

	@TempDir
	Path dataDir;

	@Test
	void patientAndTokenWhenServerRestartedOnSameDataDirThenStillValid() {
		String family = TestResources.unique("Restart");
		String id;
		String token;
		try (ServletWebServerApplicationContext first = start()) {
			token = new TokenClient(root(first)).adminToken("system/*.cruds");
			IdType created = (IdType) client(first, token).create().resource(TestResources.patient(family)).execute().getId();
			id = created.getIdPart();
		}
		assertThat(dataDir.resolve("h2")).isDirectory();
		assertThat(Files.exists(dataDir.resolve("h2/fhir-portal.mv.db"))).isTrue();

		try (ServletWebServerApplicationContext second = start()) {
			Patient read = client(second, token).read().resource(Patient.class).withId(id).execute();
			assertThat(read.getNameFirstRep().getFamily()).isEqualTo(family);
		}
	}

	/** Both runs listen on the same (free) port: a token names its issuer, scheme, host and port included. */
	private final int port = freePort();

	private ServletWebServerApplicationContext start() {
		return (ServletWebServerApplicationContext) new SpringApplicationBuilder(FhirPortalServerApplication.class)
				.run("--server.port=" + port, "--portal.data-dir=" + dataDir);
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private static String root(ServletWebServerApplicationContext context) {
		return "http://127.0.0.1:" + context.getWebServer().getPort();
	}

	/** The token was issued by the first run: the second accepts it only if signing keys and issuer persisted. */
	private static IGenericClient client(ServletWebServerApplicationContext context, String token) {
		FhirContext fhirContext = context.getBean(FhirContext.class);
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhirContext.newRestfulGenericClient(root(context) + "/fhir");
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}
}
