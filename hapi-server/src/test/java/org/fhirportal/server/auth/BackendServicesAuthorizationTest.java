package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * The FHIR endpoint behind the SMART authorization server, over real HTTP with real tokens: backend services
 * (client_credentials), discovery, token checks at /fhir, introspection and revocation.
 */
@PortalServerTest
class BackendServicesAuthorizationTest {


	@LocalServerPort
	int port;

	@Autowired
	JwtEncoder serverSigner;

	TokenClient tokens;
	String root;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
	}

	@Test
	void fhirWhenNoTokenThenUnauthorizedWithChallengeAndOperationOutcome() {
		HttpResponse<String> response = new RawHttp(root + "/fhir").get("/Patient");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"");
	}

	@Test
	void metadataAndSmartConfigurationWhenNoTokenThenPublic() {
		HttpResponse<String> metadata = new RawHttp(root + "/fhir").get("/metadata", "Accept", "application/fhir+json");
		HttpResponse<String> smart = new RawHttp(root + "/fhir").get("/.well-known/smart-configuration", "Origin", "https://app.example");
		HttpResponse<String> openid = new RawHttp(root).get("/.well-known/openid-configuration");

		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(smart.statusCode()).isEqualTo(200);
		assertThat(smart.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		assertThat(tokens.field(smart.body(), "issuer")).isEqualTo(root);
		assertThat(tokens.field(smart.body(), "token_endpoint")).isEqualTo(root + "/oauth2/token");
		assertThat(smart.body()).contains("\"code_challenge_methods_supported\":[\"S256\"]").doesNotContain("plain");
		assertThat(openid.statusCode()).isEqualTo(200);
		assertThat(tokens.field(openid.body(), "jwks_uri")).isEqualTo(root + "/oauth2/jwks");
	}

	@Test
	void tokenWhenClientCredentialsThenShortLivedJwtForTheFhirEndpoint() throws Exception {
		HttpResponse<String> response = tokens.request(TokenClient.ADMIN_CLIENT_ID, TokenClient.ADMIN_CLIENT_SECRET,
				"grant_type=client_credentials&scope=system/Patient.rs");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
		assertThat(tokens.field(response.body(), "token_type")).isEqualTo("Bearer");
		assertThat(tokens.field(response.body(), "scope")).isEqualTo("system/Patient.rs");
		assertThat(Integer.parseInt(tokens.field(response.body(), "expires_in"))).isBetween(1, 3600);
		JWTClaimsSet claims = SignedJWT.parse(tokens.field(response.body(), "access_token")).getJWTClaimsSet();
		assertThat(claims.getAudience()).containsExactly(root + "/fhir");
		assertThat(claims.getIssuer()).isEqualTo(root);
		assertThat(claims.getJWTID()).isNotBlank();

		HttpResponse<String> read = new RawHttp(root + "/fhir", tokens.field(response.body(), "access_token")).get("/Patient?_count=1");
		assertThat(read.statusCode()).isEqualTo(200);
	}

	@Test
	void tokenWhenSecretWrongThenInvalidClient() {
		HttpResponse<String> response = tokens.request(TokenClient.ADMIN_CLIENT_ID, "wrong-secret", "grant_type=client_credentials&scope=system/*.rs");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(tokens.field(response.body(), "error")).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenScopeNotRegisteredOrMalformedThenInvalidScope() {
		HttpResponse<String> notRegistered = tokens.request(TokenClient.ADMIN_CLIENT_ID, TokenClient.ADMIN_CLIENT_SECRET,
				"grant_type=client_credentials&scope=patient/*.rs");
		HttpResponse<String> malformed = tokens.request(TokenClient.ADMIN_CLIENT_ID, TokenClient.ADMIN_CLIENT_SECRET,
				"grant_type=client_credentials&scope=system/Observation.sr");

		assertThat(notRegistered.statusCode()).isEqualTo(400);
		assertThat(tokens.field(notRegistered.body(), "error")).isEqualTo("invalid_scope");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(tokens.field(malformed.body(), "error")).isEqualTo("invalid_scope");
		assertThat(tokens.field(malformed.body(), "error_description")).contains("system/Observation.sr");
	}

	@Test
	void tokenWhenGrantTypeUnknownThenUnsupportedGrantType() {
		HttpResponse<String> response = tokens.request(TokenClient.ADMIN_CLIENT_ID, TokenClient.ADMIN_CLIENT_SECRET, "grant_type=magic");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(tokens.field(response.body(), "error")).isEqualTo("unsupported_grant_type");
	}

	@Test
	void fhirWhenTokenExpiredThenUnauthorized() {
		Instant past = Instant.now().minusSeconds(3600);
		String expired = serverSigner.encode(JwtEncoderParameters.from(JwtClaimsSet.builder()
				.issuer(root).audience(List.of(root + "/fhir")).subject("portal-admin").id(UUID.randomUUID().toString())
				.issuedAt(past).expiresAt(past.plusSeconds(60)).claim("scope", List.of("system/*.rs")).build())).getTokenValue();

		assertThat(new RawHttp(root + "/fhir", expired).get("/Patient").statusCode()).isEqualTo(401);
	}

	@Test
	void fhirWhenTokenForAnotherAudienceThenUnauthorized() {
		String elsewhere = serverSigner.encode(JwtEncoderParameters.from(JwtClaimsSet.builder()
				.issuer(root).audience(List.of("https://other.example/fhir")).subject("portal-admin").id(UUID.randomUUID().toString())
				.issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)).claim("scope", List.of("system/*.rs")).build()))
				.getTokenValue();

		assertThat(new RawHttp(root + "/fhir", elsewhere).get("/Patient").statusCode()).isEqualTo(401);
	}

	@Test
	void fhirWhenTokenUnsignedOrSignedByAnotherKeyOrTamperedThenUnauthorized() throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(root).audience(root + "/fhir").subject("portal-admin")
				.jwtID(UUID.randomUUID().toString()).expirationTime(new Date(System.currentTimeMillis() + 300_000))
				.claim("scope", List.of("system/*.cruds")).build();
		String unsigned = new PlainJWT(claims).serialize();
		RSAKey foreignKey = new RSAKeyGenerator(2048).keyID("foreign").generate();
		SignedJWT foreign = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("foreign").build(), claims);
		foreign.sign(new RSASSASigner(foreignKey));
		String genuine = tokens.adminToken("system/Patient.rs");
		String[] parts = genuine.split("\\.");
		String widenedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
				new String(Base64.getUrlDecoder().decode(parts[1])).replace("system/Patient.rs", "system/*.cruds").getBytes());
		String tampered = parts[0] + "." + widenedPayload + "." + parts[2];

		for (String token : List.of(unsigned, foreign.serialize(), tampered)) {
			assertThat(new RawHttp(root + "/fhir", token).get("/Patient").statusCode()).as(token).isEqualTo(401);
		}
	}

	@Test
	void revocationWhenAccessTokenRevokedThenFhirRefusesItAtOnce() {
		String token = tokens.adminToken("system/*.rs");
		assertThat(new RawHttp(root + "/fhir", token).get("/Patient").statusCode()).isEqualTo(200);

		HttpResponse<String> revoked = clientAuthenticatedPost("/oauth2/revoke", "token=" + token + "&token_type_hint=access_token");

		assertThat(revoked.statusCode()).isEqualTo(200);
		assertThat(new RawHttp(root + "/fhir", token).get("/Patient").statusCode()).isEqualTo(401);
	}

	@Test
	void introspectionWhenTokenActiveThenActiveWithClientAndScope() {
		String token = tokens.adminToken("system/Observation.rs");

		HttpResponse<String> response = clientAuthenticatedPost("/oauth2/introspect", "token=" + token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(tokens.field(response.body(), "active")).isEqualTo("true");
		assertThat(tokens.field(response.body(), "client_id")).isEqualTo(TokenClient.ADMIN_CLIENT_ID);
		assertThat(tokens.field(response.body(), "scope")).isEqualTo("system/Observation.rs");
	}

	private HttpResponse<String> clientAuthenticatedPost(String path, String form) {
		String basic = Base64.getEncoder().encodeToString((TokenClient.ADMIN_CLIENT_ID + ":" + TokenClient.ADMIN_CLIENT_SECRET).getBytes());
		return tokens.send(HttpRequest.newBuilder(URI.create(root + path))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build());
	}
}
