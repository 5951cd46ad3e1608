package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.fhirportal.server.support.ClientAssertions;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.JwksServer;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * SMART Backend Services with asymmetric keys (private_key_jwt, RS384 and ES384) over HTTP, for a client registered
 * at {@code /connect/register} with an inline JWK Set: a valid assertion gets a token that works at /fhir; a
 * replayed, long-lived, kid-less, wrongly signed or mistyped one does not.
 */
@PortalServerTest
class AsymmetricClientAuthenticationTest {

	@LocalServerPort
	int port;

	String root;
	String clientId;
	RSAKey rsaKey;
	ECKey ecKey;
	ClientAssertions assertions;

	@BeforeEach
	void registerBackendClient() throws JOSEException {
		root = "http://127.0.0.1:" + port;
		rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS384).generate();
		ecKey = new ECKeyGenerator(Curve.P_384).keyID("ec-1").algorithm(JWSAlgorithm.ES384).generate();
		String registered = new ClientRegistrations(root).registered("""
				{"client_name":"EHR push","grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt",
				 "token_endpoint_auth_signing_alg":"RS384","jwks":%s,"scope":"system/*.cruds"}"""
				.formatted(new JWKSet(List.<JWK>of(rsaKey, ecKey)).toPublicJWKSet()));
		clientId = new TokenClient(root).field(registered, "client_id");
		assertions = new ClientAssertions(root, clientId);
	}

	@Test
	void tokenWhenAssertionSignedWithRegisteredRs384OrEs384KeyThenTokenWorksAtFhir() {
		for (JWK key : List.<JWK>of(rsaKey, ecKey)) {
			HttpResponse<String> response = assertions.clientCredentials("system/*.rs", assertions.assertion(key));

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			String accessToken = new TokenClient(root).field(response.body(), "access_token");
			assertThat(new RawHttp(root + "/fhir", accessToken).get("/Patient?_count=1").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void tokenWhenAssertionReplayedThenInvalidClient() {
		String assertion = assertions.assertion(rsaKey);

		assertThat(assertions.clientCredentials("system/*.rs", assertion).statusCode()).isEqualTo(200);
		assertInvalidClient(assertions.clientCredentials("system/*.rs", assertion));
	}

	@Test
	void tokenWhenAssertionLivesLongerThanFiveMinutesOrHasNoKidThenInvalidClient() {
		assertInvalidClient(assertions.clientCredentials("system/*.rs",
				assertions.assertion(rsaKey, "rsa-1", Duration.ofMinutes(10), UUID.randomUUID().toString())));
		assertInvalidClient(assertions.clientCredentials("system/*.rs",
				assertions.assertion(rsaKey, null, Duration.ofMinutes(4), UUID.randomUUID().toString())));
	}

	@Test
	void tokenWhenAssertionSignedByUnregisteredKeyThenInvalidClient() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();

		assertInvalidClient(assertions.clientCredentials("system/*.rs", assertions.assertion(stranger)));
	}

	@Test
	void tokenWhenAssertionTypeBogusThenRefused() {
		HttpResponse<String> response = assertions.token("grant_type=client_credentials&scope=system%2F*.rs", "urn:example:bogus",
				assertions.assertion(rsaKey));

		assertThat(response.statusCode()).isIn(400, 401);
	}

	@Test
	void tokenWhenJwksUriRedirectsThenNotFollowedAndInvalidClient() {
		try (JwksServer jwks = new JwksServer(new JWKSet(rsaKey))) {
			String registered = new ClientRegistrations(root).registered("""
					{"client_name":"Redirected keys","grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt",
					 "jwks_uri":"%s","scope":"system/*.rs"}""".formatted(jwks.redirectingUrl()));
			ClientAssertions redirected = new ClientAssertions(root, new TokenClient(root).field(registered, "client_id"));

			assertInvalidClient(redirected.clientCredentials("system/*.rs", redirected.assertion(rsaKey)));
			assertThat(jwks.fetches()).isZero();
		}
	}

	private void assertInvalidClient(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(new TokenClient(root).field(response.body(), "error")).isEqualTo("invalid_client");
	}
}
