package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fhirportal.server.support.ClientAssertions;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Administrators manage registered clients at {@code /api/admin/clients/{clientId}} with scope
 * {@code client.admin}: rotating a backend client's keys takes effect at the token endpoint at once, and a deleted
 * client can neither authenticate nor use the tokens it already has.
 */
@PortalServerTest
class ClientAdministrationTest {

	private static final String BACKEND = """
			{"client_name":"EHR push","grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt",
			 "jwks":{"keys":[%s]},"scope":"system/*.rs"}""";

	@LocalServerPort
	int port;

	String root;
	TokenClient tokens;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
	}

	@Test
	void updateWhenAdministratorRotatesJwksThenNewKeyAuthenticatesAndOldKeyIsRefused() throws Exception {
		RSAKey oldKey = new RSAKeyGenerator(2048).keyID("old").algorithm(JWSAlgorithm.RS384).generate();
		RSAKey newKey = new RSAKeyGenerator(2048).keyID("new").algorithm(JWSAlgorithm.RS384).generate();
		String clientId = registerBackend(oldKey);
		ClientAssertions assertions = new ClientAssertions(root, clientId);
		assertThat(assertions.clientCredentials("system/*.rs", assertions.assertion(oldKey)).statusCode()).isEqualTo(200);

		HttpResponse<String> updated = admin("PUT", clientId, tokens.adminToken("client.admin"), BACKEND.formatted(newKey.toPublicJWK().toJSONString()));

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(tokens.field(updated.body(), "client_id")).isEqualTo(clientId);
		assertThat(updated.body()).contains("\"kid\":\"new\"").doesNotContain("\"kid\":\"old\"");
		assertThat(assertions.clientCredentials("system/*.rs", assertions.assertion(newKey)).statusCode()).isEqualTo(200);
		assertThat(assertions.clientCredentials("system/*.rs", assertions.assertion(oldKey)).statusCode()).isEqualTo(401);
	}

	@Test
	void updateWhenMetadataAtDocumentedLimitsThenStoredAndServed() throws Exception {
		String backend = registerBackend(new RSAKeyGenerator(2048).keyID("k").generate());
		String app = new ClientRegistrations(root).publicApp("https://app.example/cb", "openid launch/patient patient/*.rs");
		String longUri = "https://app.example/cb19/" + "a".repeat(2000 - "https://app.example/cb19/".length());
		String redirectUris = java.util.stream.IntStream.range(0, 20)
				.mapToObj(i -> "\"" + longUri.replace("cb19/", "cb" + (10 + i) + "/") + "\"").collect(java.util.stream.Collectors.joining(","));

		HttpResponse<String> keys = admin("PUT", backend, tokens.adminToken("client.admin"), BACKEND.formatted(ClientRegistrations.publicRsaKeys(10)));
		HttpResponse<String> uris = admin("PUT", app, tokens.adminToken("client.admin"), """
				{"redirect_uris":[%s],"token_endpoint_auth_method":"none","scope":"openid launch/patient patient/*.rs"}""".formatted(redirectUris));

		assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
		assertThat(admin("GET", backend, tokens.adminToken("client.read"), null).body()).contains("\"kid\":\"k9\"");
		assertThat(uris.statusCode()).as(uris.body()).isEqualTo(200);
		assertThat(admin("GET", app, tokens.adminToken("client.read"), null).body()).contains(longUri);
	}

	@Test
	void updateWhenMetadataInvalidThenBadRequestAndClientUnchanged() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k").algorithm(JWSAlgorithm.RS384).generate();
		String clientId = registerBackend(key);

		HttpResponse<String> refused = admin("PUT", clientId, tokens.adminToken("client.admin"), """
				{"grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt","jwks_uri":"file:///etc/passwd"}""");

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(tokens.field(refused.body(), "error")).isEqualTo("invalid_client_metadata");
		ClientAssertions assertions = new ClientAssertions(root, clientId);
		assertThat(assertions.clientCredentials("system/*.rs", assertions.assertion(key)).statusCode()).isEqualTo(200);
	}

	@Test
	void deleteWhenAdministratorDeletesClientThenItsTokenAndItsKeysAreRefused() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k").algorithm(JWSAlgorithm.RS384).generate();
		String clientId = registerBackend(key);
		ClientAssertions assertions = new ClientAssertions(root, clientId);
		String accessToken = tokens.field(assertions.clientCredentials("system/*.rs", assertions.assertion(key)).body(), "access_token");
		assertThat(new RawHttp(root + "/fhir", accessToken).get("/Patient?_count=1").statusCode()).isEqualTo(200);

		HttpResponse<String> deleted = admin("DELETE", clientId, tokens.adminToken("client.admin"), null);

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(new RawHttp(root + "/fhir", accessToken).get("/Patient?_count=1").statusCode()).isEqualTo(401);
		assertThat(assertions.clientCredentials("system/*.rs", assertions.assertion(key)).statusCode()).isEqualTo(401);
		assertThat(admin("GET", clientId, tokens.adminToken("client.read"), null).statusCode()).isEqualTo(404);
	}

	@Test
	void adminClientsWhenNoTokenOrWrongScopeOrBootstrapClientThenRefused() throws Exception {
		String clientId = registerBackend(new RSAKeyGenerator(2048).keyID("k").generate());

		assertThat(admin("GET", clientId, null, null).statusCode()).isEqualTo(401);
		assertThat(admin("DELETE", clientId, tokens.adminToken("client.read"), null).statusCode()).isEqualTo(403);
		assertThat(admin("DELETE", clientId, tokens.adminToken("system/*.cruds"), null).statusCode()).isEqualTo(403);
		assertThat(admin("DELETE", TokenClient.ADMIN_CLIENT_ID, tokens.adminToken("client.admin"), null).statusCode()).isEqualTo(400);
		HttpResponse<String> read = admin("GET", clientId, tokens.adminToken("client.read"), null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(tokens.field(read.body(), "token_endpoint_auth_method")).isEqualTo("private_key_jwt");
	}

	@Test
	void readWhenRegistrationAccessTokenThenRefusedForOtherAndOwnClients() throws Exception {
		String registered = new ClientRegistrations(root).registered(BACKEND.formatted(
				new RSAKeyGenerator(2048).keyID("k").generate().toPublicJWK().toJSONString()));
		String registrationToken = tokens.field(registered, "registration_access_token");

		HttpResponse<String> adminClient = admin("GET", TokenClient.ADMIN_CLIENT_ID, registrationToken, null);
		HttpResponse<String> own = admin("GET", tokens.field(registered, "client_id"), registrationToken, null);

		assertThat(adminClient.statusCode()).as(adminClient.body()).isIn(401, 403);
		assertThat(adminClient.body()).doesNotContain("client_id");
		assertThat(own.statusCode()).as(own.body()).isIn(401, 403);
		assertThat(admin("GET", TokenClient.ADMIN_CLIENT_ID, tokens.adminToken("client.read"), null).statusCode()).isEqualTo(200);
	}

	private String registerBackend(RSAKey key) {
		return tokens.field(new ClientRegistrations(root).registered(BACKEND.formatted(key.toPublicJWK().toJSONString())), "client_id");
	}

	private HttpResponse<String> admin(String method, String clientId, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/api/admin/clients/" + clientId))
				.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
				.header("Accept", "application/json");
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return tokens.send(request.build());
	}
}
