package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** RFC 6749 section 2.3: a client uses exactly one authentication method per request, else invalid_request. */
@PortalServerTest
class DoubleClientAuthenticationTest {

	private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

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
	void tokenWhenBasicAndClientSecretPostThenInvalidRequest() {
		HttpResponse<String> response = post("/oauth2/token", true, "grant_type=client_credentials&scope=system/*.rs&client_id="
				+ TokenClient.ADMIN_CLIENT_ID + "&client_secret=" + TokenClient.ADMIN_CLIENT_SECRET);

		assertInvalidRequest(response);
	}

	@Test
	void tokenWhenBasicAndClientAssertionThenInvalidRequest() {
		HttpResponse<String> response = post("/oauth2/token", true, "grant_type=client_credentials&scope=system/*.rs&client_assertion_type="
				+ ASSERTION_TYPE + "&client_assertion=eyJhbGciOiJSUzM4NCJ9.e30.c2ln");

		assertInvalidRequest(response);
	}

	@Test
	void tokenWhenBasicIsSeparatedByATabAndClientSecretPostThenInvalidRequest() {
		HttpResponse<String> response = post("/oauth2/token", "basic\t", "grant_type=client_credentials&scope=system/*.rs&client_id="
				+ TokenClient.ADMIN_CLIENT_ID + "&client_secret=" + TokenClient.ADMIN_CLIENT_SECRET);

		assertInvalidRequest(response);
	}

	@Test
	void tokenWhenFormClientIdDiffersFromBasicClientThenInvalidRequest() {
		HttpResponse<String> response = post("/oauth2/token", true, "grant_type=client_credentials&scope=system/*.rs&client_id=another-client");

		assertInvalidRequest(response);
	}

	@Test
	void tokenWhenClientSecretPostAndClientAssertionThenInvalidRequest() {
		HttpResponse<String> response = post("/oauth2/token", false, "grant_type=client_credentials&scope=system/*.rs&client_id="
				+ TokenClient.ADMIN_CLIENT_ID + "&client_secret=" + TokenClient.ADMIN_CLIENT_SECRET + "&client_assertion_type=" + ASSERTION_TYPE
				+ "&client_assertion=eyJhbGciOiJSUzM4NCJ9.e30.c2ln");

		assertInvalidRequest(response);
	}

	@Test
	void revokeAndIntrospectWhenBasicAndClientSecretPostThenInvalidRequest() {
		String token = tokens.adminToken("system/*.rs");
		String body = "token=" + token + "&client_id=" + TokenClient.ADMIN_CLIENT_ID + "&client_secret=" + TokenClient.ADMIN_CLIENT_SECRET;

		assertInvalidRequest(post("/oauth2/introspect", true, body));
		assertInvalidRequest(post("/oauth2/revoke", true, body));
	}

	@Test
	void tokenWhenOneMethodEitherWayThenIssued() {
		HttpResponse<String> basic = post("/oauth2/token", true, "grant_type=client_credentials&scope=system/*.rs");
		HttpResponse<String> secretPost = post("/oauth2/token", false, "grant_type=client_credentials&scope=system/*.rs&client_id="
				+ TokenClient.ADMIN_CLIENT_ID + "&client_secret=" + TokenClient.ADMIN_CLIENT_SECRET);

		assertThat(basic.statusCode()).as(basic.body()).isEqualTo(200);
		assertThat(secretPost.statusCode()).as(secretPost.body()).isEqualTo(200);
	}

	private void assertInvalidRequest(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		// Spring Authorization Server answers client authentication failures with the error code alone
		assertThat(tokens.field(response.body(), "error")).isEqualTo("invalid_request");
	}

	private HttpResponse<String> post(String path, boolean basic, String form) {
		return post(path, basic ? "Basic " : null, form);
	}

	/** @param basicScheme how the Basic scheme and its separator are written, or {@code null} for no Authorization header */
	private HttpResponse<String> post(String path, String basicScheme, String form) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form));
		if (basicScheme != null) {
			String credentials = TokenClient.ADMIN_CLIENT_ID + ":" + TokenClient.ADMIN_CLIENT_SECRET;
			request.header("Authorization", basicScheme + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return tokens.send(request.build());
	}
}
