package org.fhirportal.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Map;
import java.util.Objects;
import org.fhirportal.auth.discovery.SmartConfiguration;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Declares SMART on FHIR in the CapabilityStatement's {@code rest.security}
 * (<a href="https://hl7.org/fhir/smart-app-launch/conformance.html#using-cors">SMART App Launch, conformance</a>):
 * the {@code SMART-on-FHIR} service and the {@code oauth-uris} extension with the authorize, token, revoke and
 * register endpoints of the authorization server in use, the built-in one or an external issuer, taken from the
 * same {@link SmartConfiguration} as {@code .well-known/smart-configuration}, so the two never disagree.
 */
@Interceptor
final class SmartSecurityCapabilityInterceptor {

	static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
	static final String SECURITY_SERVICE = "http://terminology.hl7.org/CodeSystem/restful-security-service";

	private final SmartConfiguration configuration;
	private final String fhirPath;

	SmartSecurityCapabilityInterceptor(SmartConfiguration configuration, String fhirPath) {
		this.configuration = Objects.requireNonNull(configuration, "configuration");
		this.fhirPath = Objects.requireNonNull(fhirPath, "fhirPath");
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void capabilityStatementGenerated(IBaseConformance capabilityStatement, RequestDetails request) {
		if (capabilityStatement instanceof CapabilityStatement statement) {
			handleSecurity(statement, serverRoot(request.getFhirServerBase()));
		}
	}

	private void handleSecurity(CapabilityStatement statement, String serverRoot) {
		Map<String, Object> document = configuration.document(serverRoot);
		for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
			CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
			security.setCors(true);
			security.getService().clear();
			security.addService(new CodeableConcept(new Coding(SECURITY_SERVICE, "SMART-on-FHIR", "SMART on FHIR"))
					.setText("OAuth 2.0 bearer tokens (SMART App Launch)"));
			security.getExtension().removeIf(extension -> OAUTH_URIS.equals(extension.getUrl()));
			Extension uris = security.addExtension().setUrl(OAUTH_URIS);
			add(uris, "authorize", document.get("authorization_endpoint"));
			add(uris, "token", document.get("token_endpoint"));
			add(uris, "revoke", document.get("revocation_endpoint"));
			add(uris, "register", document.get("registration_endpoint"));
		}
	}

	private static void add(Extension uris, String name, Object endpoint) {
		if (endpoint != null) {
			uris.addExtension(name, new UriType(endpoint.toString()));
		}
	}

	/** {@code https://fhir.example.org} of {@code https://fhir.example.org/fhir}. */
	private String serverRoot(String fhirServerBase) {
		String base = fhirServerBase.endsWith("/") ? fhirServerBase.substring(0, fhirServerBase.length() - 1) : fhirServerBase;
		return base.endsWith(fhirPath) ? base.substring(0, base.length() - fhirPath.length()) : base;
	}
}
