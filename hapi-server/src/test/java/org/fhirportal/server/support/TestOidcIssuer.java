package org.fhirportal.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * An external OpenID Connect issuer as the FHIR server sees it: a JWK Set served over real HTTP on a random
 * loopback port (the JDK's HTTP server), and access tokens signed with its RSA key. Also signs tokens the server
 * must refuse: with a key it does not publish, or unsigned ({@code alg: none}).
 */
public final class TestOidcIssuer implements AutoCloseable {

	public static final String ISSUER = "https://idp.example.test/realms/portal";

	private final RSAKey signingKey;
	private final RSAKey unpublishedKey;
	private final HttpServer server;

	public TestOidcIssuer() {
		try {
			signingKey = new RSAKeyGenerator(2048).keyID("published-" + UUID.randomUUID()).generate();
			unpublishedKey = new RSAKeyGenerator(2048).keyID("unknown-" + UUID.randomUUID()).generate();
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		server.createContext("/jwks", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(jwks);
			}
		});
		server.start();
	}

	public String jwksUri() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
	}

	/** Claims of a token of this issuer for {@code audience}, valid for five minutes; add or override as needed. */
	public JWTClaimsSet.Builder claims(String audience, String subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience).subject(subject).jwtID(UUID.randomUUID().toString())
				.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("azp", "external-app");
	}

	/** Signed with the published key (RS256). */
	public String sign(JWTClaimsSet claims) {
		return sign(claims, signingKey);
	}

	/** Signed with a key the JWK Set does not hold. */
	public String signWithUnpublishedKey(JWTClaimsSet claims) {
		return sign(claims, unpublishedKey);
	}

	/** Not signed at all: {@code alg: none}. */
	public static String unsigned(JWTClaimsSet claims) {
		return new PlainJWT(claims).serialize();
	}

	private static String sign(JWTClaimsSet claims, RSAKey key) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
