package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.fhirportal.auth.client.SmartClientAssertionDecoderFactory;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * SMART Backend Services with asymmetric keys (private_key_jwt, RS384 and ES384) over HTTP: a valid assertion
 * gets a token that works at /fhir; a replayed, long-lived, kid-less, wrongly signed or mistyped one does not.
 */
@PortalServerTest
class AsymmetricClientAuthenticationTest {

	private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	@LocalServerPort
	int port;

	@Autowired
	RegisteredClientRepository clients;

	String root;
	String clientId;
	RSAKey rsaKey;
	ECKey ecKey;

	@BeforeEach
	void registerBackendClient() throws JOSEException {
		root = "http://127.0.0.1:" + port;
		rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS384).generate();
		ecKey = new ECKeyGenerator(Curve.P_384).keyID("ec-1").algorithm(JWSAlgorithm.ES384).generate();
		clientId = TestResources.unique("ehr");
		clients.save(RegisteredClient.withId(clientId).clientId(clientId).clientName("EHR push")
				.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("system/*.cruds")
				.clientSettings(ClientSettings.builder()
						.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384)
						.setting(SmartClientAssertionDecoderFactory.JWKS_SETTING, new JWKSet(List.of(rsaKey.toPublicJWK(), ecKey.toPublicJWK())).toString())
						.build())
				.build());
	}

	@Test
	void tokenWhenAssertionSignedWithRegisteredRs384OrEs384KeyThenTokenWorksAtFhir() throws Exception {
		for (JWSSigner signer : List.of(new RSASSASigner(rsaKey), new ECDSASigner(ecKey))) {
			boolean rsa = signer instanceof RSASSASigner;
			String assertion = assertion(rsa ? JWSAlgorithm.RS384 : JWSAlgorithm.ES384, rsa ? "rsa-1" : "ec-1", signer,
					Duration.ofMinutes(4), UUID.randomUUID().toString());

			HttpResponse<String> response = token(ASSERTION_TYPE, assertion);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			String accessToken = new TokenClient(root).field(response.body(), "access_token");
			assertThat(new RawHttp(root + "/fhir", accessToken).get("/Patient?_count=1").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void tokenWhenAssertionReplayedThenInvalidClient() throws Exception {
		String assertion = assertion(JWSAlgorithm.RS384, "rsa-1", new RSASSASigner(rsaKey), Duration.ofMinutes(4), UUID.randomUUID().toString());

		assertThat(token(ASSERTION_TYPE, assertion).statusCode()).isEqualTo(200);
		assertInvalidClient(token(ASSERTION_TYPE, assertion));
	}

	@Test
	void tokenWhenAssertionLivesLongerThanFiveMinutesOrHasNoKidThenInvalidClient() throws Exception {
		assertInvalidClient(token(ASSERTION_TYPE,
				assertion(JWSAlgorithm.RS384, "rsa-1", new RSASSASigner(rsaKey), Duration.ofMinutes(10), UUID.randomUUID().toString())));
		assertInvalidClient(token(ASSERTION_TYPE,
				assertion(JWSAlgorithm.RS384, null, new RSASSASigner(rsaKey), Duration.ofMinutes(4), UUID.randomUUID().toString())));
	}

	@Test
	void tokenWhenAssertionSignedByUnregisteredKeyThenInvalidClient() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();

		assertInvalidClient(token(ASSERTION_TYPE,
				assertion(JWSAlgorithm.RS384, "rsa-1", new RSASSASigner(stranger), Duration.ofMinutes(4), UUID.randomUUID().toString())));
	}

	@Test
	void tokenWhenAssertionTypeBogusThenRefused() throws Exception {
		String assertion = assertion(JWSAlgorithm.RS384, "rsa-1", new RSASSASigner(rsaKey), Duration.ofMinutes(4), UUID.randomUUID().toString());

		assertThat(token("urn:example:bogus", assertion).statusCode()).isIn(400, 401);
	}

	private void assertInvalidClient(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(new TokenClient(root).field(response.body(), "error")).isEqualTo("invalid_client");
	}

	private String assertion(JWSAlgorithm algorithm, String kid, JWSSigner signer, Duration lifetime, String jti) throws JOSEException {
		JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
		if (kid != null) {
			header.keyID(kid);
		}
		SignedJWT jwt = new SignedJWT(header.build(), new JWTClaimsSet.Builder()
				.issuer(clientId).subject(clientId).audience(root + "/oauth2/token")
				.expirationTime(Date.from(Instant.now().plus(lifetime))).jwtID(jti).build());
		jwt.sign(signer);
		return jwt.serialize();
	}

	private HttpResponse<String> token(String assertionType, String assertion) {
		String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("system/*.rs", StandardCharsets.UTF_8)
				+ "&client_assertion_type=" + URLEncoder.encode(assertionType, StandardCharsets.UTF_8) + "&client_assertion=" + assertion
				+ "&client_id=" + clientId;
		return new TokenClient(root).send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build());
	}
}
