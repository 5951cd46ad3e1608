package org.fhirportal.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
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
import java.util.UUID;

/**
 * An asymmetric client's side of SMART's "Authenticating with asymmetric keys": signed client assertions
 * (RS384 with an RSA key, ES384 with an EC key) and token requests that carry them.
 */
public final class ClientAssertions {

	public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private final String root;
	private final String clientId;

	public ClientAssertions(String root, String clientId) {
		this.root = root;
		this.clientId = clientId;
	}

	/** A fresh assertion signed with the key (its own kid), living four minutes. */
	public String assertion(JWK key) {
		return assertion(key, key.getKeyID(), Duration.ofMinutes(4), UUID.randomUUID().toString());
	}

	/** An assertion with the given header kid (none when null), lifetime and jti. */
	public String assertion(JWK key, String kid, Duration lifetime, String jti) {
		boolean ec = key instanceof ECKey;
		JWSHeader.Builder header = new JWSHeader.Builder(ec ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384);
		if (kid != null) {
			header.keyID(kid);
		}
		SignedJWT jwt = new SignedJWT(header.build(), new JWTClaimsSet.Builder()
				.issuer(clientId).subject(clientId).audience(root + "/oauth2/token")
				.expirationTime(Date.from(Instant.now().plus(lifetime))).jwtID(jti).build());
		try {
			jwt.sign(ec ? new ECDSASigner((ECKey) key) : new RSASSASigner(key.toRSAKey()));
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
		return jwt.serialize();
	}

	/** A token request (the grant's form fields) authenticated by the assertion. */
	public HttpResponse<String> token(String grantForm, String assertion) {
		return token(grantForm, ASSERTION_TYPE, assertion);
	}

	public HttpResponse<String> token(String grantForm, String assertionType, String assertion) {
		String form = grantForm + "&client_assertion_type=" + URLEncoder.encode(assertionType, StandardCharsets.UTF_8)
				+ "&client_assertion=" + assertion + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
		return new TokenClient(root).send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build());
	}

	/** A client_credentials request for the scope. */
	public HttpResponse<String> clientCredentials(String scope, String assertion) {
		return token("grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8), assertion);
	}
}
