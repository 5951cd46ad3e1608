package org.fhirportal.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/** Obtains real access tokens from the running server's token endpoint (client_credentials, RFC 6749 4.4). */
public final class TokenClient {

	/** The admin client configured for tests in {@code src/test/resources/config/application.yaml}. */
	public static final String ADMIN_CLIENT_ID = "portal-admin";
	public static final String ADMIN_CLIENT_SECRET = "test-admin-secret-0123456789abcdef0123456789";

	private final HttpClient http;
	private final ObjectMapper json = new ObjectMapper();
	private final String serverRoot;

	public TokenClient(String serverRoot) {
		this(serverRoot, null);
	}

	/** A client that trusts the server certificates {@code tls} trusts ({@code null}: the JDK's defaults). */
	public TokenClient(String serverRoot, SSLContext tls) {
		this.serverRoot = serverRoot;
		this.http = tls == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(tls).build();
	}

	public String adminToken(String scope) {
		HttpResponse<String> response = request(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, "grant_type=client_credentials&scope=" + encode(scope));
		if (response.statusCode() != 200) {
			throw new AssertionError("token request refused: " + response.statusCode() + " " + response.body());
		}
		return field(response.body(), "access_token");
	}

	/** A raw token endpoint call with HTTP Basic client authentication. */
	public HttpResponse<String> request(String clientId, String secret, String form) {
		String basic = Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(serverRoot + "/oauth2/token"))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build());
	}

	public HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public String field(String body, String name) {
		try {
			JsonNode node = json.readTree(body).get(name);
			if (node == null) {
				throw new AssertionError("no '" + name + "' in " + body);
			}
			return node.asText();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
