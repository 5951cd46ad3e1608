package org.fhirportal.server.auth;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** Fixtures of the authorization tests: a registered public SMART app, patients created through the FHIR API. */
final class TestApps {

	private TestApps() {}

	static String registerPublicApp(RegisteredClientRepository clients, List<String> scopes) {
		String clientId = TestResources.unique("app");
		clients.save(RegisteredClient.withId(clientId).clientId(clientId).clientName("Test app")
				.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
				.redirectUri(SmartAppLaunch.REDIRECT)
				.scopes(s -> s.addAll(scopes))
				.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
				.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build())
				.build());
		return clientId;
	}

	static String createPatient(RawHttp adminFhir, String family) {
		HttpResponse<String> created = adminFhir.post("/Patient", "application/fhir+json",
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
		if (created.statusCode() != 201) {
			throw new AssertionError("patient not created: " + created.body());
		}
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	static String createPractitioner(RawHttp adminFhir, String family) {
		HttpResponse<String> created = adminFhir.post("/Practitioner", "application/fhir+json",
				"{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"" + family + "\"}]}");
		if (created.statusCode() != 201) {
			throw new AssertionError("practitioner not created: " + created.body());
		}
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}
}
