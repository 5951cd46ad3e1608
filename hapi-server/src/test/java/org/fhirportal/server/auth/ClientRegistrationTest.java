package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** RFC 7591 registration at {@code /connect/register} with an administrator's token; the new app then launches. */
@PortalServerTest
class ClientRegistrationTest {

	private static final String SCOPE = "openid fhirUser launch/patient patient/*.rs offline_access";

	@LocalServerPort
	int port;

	@Autowired
	JdbcPortalUsers users;

	String root;
	TokenClient tokens;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
	}

	@Test
	void registerWhenAdministratorRegistersPublicAppThenPatientCanLaunchIt() {
		HttpResponse<String> registered = register(tokens.adminToken("client.create"), """
				{"client_name":"Registered app","redirect_uris":["%s"],"grant_types":["authorization_code","refresh_token"],
				 "response_types":["code"],"token_endpoint_auth_method":"none","scope":"%s"}""".formatted(SmartAppLaunch.REDIRECT, SCOPE));

		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String clientId = tokens.field(registered.body(), "client_id");
		String patientId = TestApps.createPatient(new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds")), "Registered");
		String username = TestResources.unique("patient");
		users.save(username, "correct horse battery staple", PortalRole.PATIENT, "Patient/" + patientId, "Reg");
		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(username, "correct horse battery staple", SCOPE);
		assertThat(token.statusCode()).as(registered.body() + " -> " + token.body()).isEqualTo(200);
		assertThat(tokens.field(token.body(), "patient")).isEqualTo(patientId);
		assertThat(token.body()).contains("refresh_token");
	}

	@Test
	void registerWhenNoTokenOrNoClientCreateScopeThenRefused() {
		String body = "{\"client_name\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"none\"}";

		assertThat(register(null, body).statusCode()).isEqualTo(401);
		assertThat(register(tokens.adminToken("system/*.rs"), body).statusCode()).isEqualTo(403);
	}

	@Test
	void registerWhenScopeIsNotSmartThenInvalidClientMetadataNamingIt() {
		HttpResponse<String> response = register(tokens.adminToken("client.create"), """
				{"client_name":"x","redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"none",
				 "scope":"openid patient/Observation.sr"}""");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(tokens.field(response.body(), "error")).isEqualTo("invalid_client_metadata");
		assertThat(tokens.field(response.body(), "error_description")).contains("patient/Observation.sr");
	}

	private HttpResponse<String> register(String token, String json) {
		return new ClientRegistrations(root).register(token, json);
	}
}
