package org.fhirportal.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Registers clients the way an integrator does: {@code POST /connect/register} (RFC 7591) with a fresh
 * administrator token of scope {@code client.create} (each token registers one client).
 */
public final class ClientRegistrations {

	private final String root;
	private final TokenClient tokens;

	public ClientRegistrations(String root) {
		this.root = root;
		this.tokens = new TokenClient(root);
	}

	/** The raw answer to a registration with a fresh admin token. */
	public HttpResponse<String> register(String metadataJson) {
		return register(tokens.adminToken("client.create"), metadataJson);
	}

	/** The raw answer to a registration with the given bearer token (none when null). */
	public HttpResponse<String> register(String bearerToken, String metadataJson) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/connect/register"))
				.header("Content-Type", "application/json").header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(metadataJson));
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		return tokens.send(request.build());
	}

	/** Registers and returns the response body; fails the test unless the answer is 201. */
	public String registered(String metadataJson) {
		HttpResponse<String> response = register(metadataJson);
		if (response.statusCode() != 201) {
			throw new AssertionError("registration refused: " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	/** A public SMART app (none, PKCE) with the given redirect URI and scopes; returns its client_id. */
	public String publicApp(String redirectUri, String scope) {
		return publicApp("Test app", redirectUri, scope);
	}

	/** A public SMART app with this name; returns its client_id. */
	public String publicApp(String name, String redirectUri, String scope) {
		return tokens.field(registered("""
				{"client_name":"%s","redirect_uris":["%s"],"grant_types":["authorization_code","refresh_token"],
				 "response_types":["code"],"token_endpoint_auth_method":"none","scope":"%s"}""".formatted(name, redirectUri, scope)), "client_id");
	}

	/** Public RSA-2048 keys with kids k0, k1..., as JWK JSON objects joined by commas (for a {@code jwks}). */
	public static String publicRsaKeys(int count) {
		StringBuilder keys = new StringBuilder();
		try {
			for (int i = 0; i < count; i++) {
				keys.append(i == 0 ? "" : ",").append(new RSAKeyGenerator(2048).keyID("k" + i).generate().toPublicJWK().toJSONString());
			}
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
		return keys.toString();
	}
}
