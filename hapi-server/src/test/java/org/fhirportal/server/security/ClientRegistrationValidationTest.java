package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hostile client metadata at {@code POST /connect/register}, sent with a valid administrator token: each is
 * refused with 400 and the RFC 7591 error (section 3.2.2) before anything is stored, and no error description
 * carries internal text.
 */
@PortalServerTest
class ClientRegistrationValidationTest {

	private static final String LAUNCH = "\"grant_types\":[\"authorization_code\"],\"token_endpoint_auth_method\":\"none\"";
	private static final String BACKEND = "\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"private_key_jwt\"";
	/** A valid public key, so that each case is refused for its own fault and not for the key. */
	private static final String PUBLIC_RSA_KEY = publicRsaKey();

	@LocalServerPort
	int port;

	ClientRegistrations registrations;
	TokenClient tokens;

	@BeforeEach
	void setUp() {
		String root = "http://127.0.0.1:" + port;
		registrations = new ClientRegistrations(root);
		tokens = new TokenClient(root);
	}

	static Stream<Arguments> hostileMetadata() {
		return Stream.of(
				Arguments.of("javascript: redirect", "{" + LAUNCH + ",\"redirect_uris\":[\"javascript:alert(1)\"]}", "invalid_redirect_uri"),
				Arguments.of("wildcard redirect", "{" + LAUNCH + ",\"redirect_uris\":[\"https://*.evil.example/*\"]}", "invalid_redirect_uri"),
				Arguments.of("http redirect off loopback", "{" + LAUNCH + ",\"redirect_uris\":[\"http://app.example/cb\"]}", "invalid_redirect_uri"),
				Arguments.of("redirect with fragment", "{" + LAUNCH + ",\"redirect_uris\":[\"https://app.example/cb#x\"]}", "invalid_redirect_uri"),
				Arguments.of("data: redirect", "{" + LAUNCH + ",\"redirect_uris\":[\"data:text/html,hi\"]}", "invalid_redirect_uri"),
				Arguments.of("code client without redirect", "{" + LAUNCH + "}", "invalid_redirect_uri"),
				Arguments.of("implicit grant", "{\"grant_types\":[\"implicit\"],\"redirect_uris\":[\"https://app.example/cb\"]}", "invalid_client_metadata"),
				Arguments.of("password grant", "{\"grant_types\":[\"password\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}",
						"invalid_client_metadata"),
				Arguments.of("unknown auth method", "{\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"foo\"}",
						"invalid_client_metadata"),
				Arguments.of("client_secret_jwt", "{\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"client_secret_jwt\"}",
						"invalid_client_metadata"),
				Arguments.of("public backend client", "{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"none\"}",
						"invalid_client_metadata"),
				Arguments.of("file: jwks_uri", "{" + BACKEND + ",\"jwks_uri\":\"file:///etc/passwd\"}", "invalid_client_metadata"),
				Arguments.of("metadata-address jwks_uri", "{" + BACKEND + ",\"jwks_uri\":\"http://169.254.169.254/latest/meta-data/\"}",
						"invalid_client_metadata"),
				Arguments.of("https link-local jwks_uri", "{" + BACKEND + ",\"jwks_uri\":\"https://169.254.169.254/jwks\"}", "invalid_client_metadata"),
				Arguments.of("http jwks_uri off loopback", "{" + BACKEND + ",\"jwks_uri\":\"http://jwks.example/keys\"}", "invalid_client_metadata"),
				Arguments.of("no keys", "{" + BACKEND + "}", "invalid_client_metadata"),
				Arguments.of("jwks and jwks_uri", "{" + BACKEND + ",\"jwks_uri\":\"https://jwks.example/keys\",\"jwks\":{\"keys\":[" + PUBLIC_RSA_KEY
						+ "]}}", "invalid_client_metadata"),
				Arguments.of("key without kid", "{" + BACKEND + ",\"jwks\":{\"keys\":[" + PUBLIC_RSA_KEY.replace("\"kid\":\"k1\"", "\"use\":\"sig\"") + "]}}",
						"invalid_client_metadata"),
				Arguments.of("unsupported signing alg", "{" + BACKEND + ",\"token_endpoint_auth_signing_alg\":\"HS256\",\"jwks\":{\"keys\":["
						+ PUBLIC_RSA_KEY + "]}}", "invalid_client_metadata"),
				Arguments.of("admin scope", "{" + BACKEND + ",\"scope\":\"system/*.rs client.create\",\"jwks\":{\"keys\":[" + PUBLIC_RSA_KEY + "]}}",
						"invalid_client_metadata"),
				Arguments.of("unresolvable jwks_uri host", "{" + BACKEND + ",\"jwks_uri\":\"https://no-such-host.invalid/jwks\"}", "invalid_client_metadata"),
				Arguments.of("private-network jwks_uri", "{" + BACKEND + ",\"jwks_uri\":\"https://10.0.0.1/jwks\"}", "invalid_client_metadata"),
				Arguments.of("CGNAT jwks_uri", "{" + BACKEND + ",\"jwks_uri\":\"https://100.64.0.1/jwks\"}", "invalid_client_metadata"),
				Arguments.of("system scope beside authorization_code", "{\"grant_types\":[\"authorization_code\",\"client_credentials\"],"
						+ "\"redirect_uris\":[\"https://app.example/cb\"],\"scope\":\"system/*.rs\"}", "invalid_client_metadata"),
				Arguments.of("patient scope on backend client", "{" + BACKEND + ",\"scope\":\"patient/*.rs\",\"jwks\":{\"keys\":[" + PUBLIC_RSA_KEY + "]}}",
						"invalid_client_metadata"),
				Arguments.of("user scope on backend client", "{" + BACKEND + ",\"scope\":\"system/*.rs user/*.rs\",\"jwks\":{\"keys\":["
						+ PUBLIC_RSA_KEY + "]}}", "invalid_client_metadata"),
				Arguments.of("openid and launch on backend client", "{" + BACKEND + ",\"scope\":\"openid fhirUser launch/patient\",\"jwks\":{\"keys\":["
						+ PUBLIC_RSA_KEY + "]}}", "invalid_client_metadata"),
				Arguments.of("offline_access on backend client", "{" + BACKEND + ",\"scope\":\"offline_access\",\"jwks\":{\"keys\":["
						+ PUBLIC_RSA_KEY + "]}}", "invalid_client_metadata"),
				Arguments.of("oversized client_name", "{" + LAUNCH + ",\"redirect_uris\":[\"https://app.example/cb\"],\"client_name\":\""
						+ "n".repeat(10_000) + "\"}", "invalid_client_metadata"),
				Arguments.of("wrong type", "{" + LAUNCH + ",\"redirect_uris\":\"https://app.example/cb\"}", "invalid_client_metadata"),
				Arguments.of("not JSON", "client_name=x", "invalid_client_metadata"),
				Arguments.of("oversized body", "{" + LAUNCH + ",\"redirect_uris\":[\"https://app.example/cb\"],\"x\":\"" + "y".repeat(70_000) + "\"}",
						"invalid_client_metadata"));
	}

	private static String publicRsaKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK().toJSONString();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileMetadata")
	void registerWhenMetadataHostileThenBadRequestWithRfc7591Error(String name, String metadata, String expectedError) {
		HttpResponse<String> response = registrations.register(metadata);

		assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(400);
		assertThat(tokens.field(response.body(), "error")).as(name).isEqualTo(expectedError);
		assertThat(response.body()).as(name).doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("org.")
				.doesNotContain("client_secret\"").doesNotContain("client_id\"");
	}

	@Test
	void registerWhenPublicAppOnLoopbackHttpRedirectThenCreated() {
		HttpResponse<String> response = registrations.register("{" + LAUNCH + ",\"redirect_uris\":[\"http://127.0.0.1:9000/cb\"]}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.body()).doesNotContain("client_secret");
	}

	@Test
	void registerWhenMetadataAtDocumentedLimitsThenCreatedWhole() {
		String redirectUris = IntStream.range(0, 20).mapToObj(i -> "\"" + uriOfLength("https://app.example/cb" + i + "/", 2000) + "\"")
				.collect(Collectors.joining(","));
		String keys = ClientRegistrations.publicRsaKeys(10);

		HttpResponse<String> launch = registrations.register("{" + LAUNCH + ",\"redirect_uris\":[" + redirectUris + "]}");
		HttpResponse<String> backend = registrations.register("{" + BACKEND + ",\"jwks\":{\"keys\":[" + keys + "]}}");

		assertThat(launch.statusCode()).as(launch.body()).isEqualTo(201);
		assertThat(launch.body()).contains(uriOfLength("https://app.example/cb19/", 2000));
		assertThat(backend.statusCode()).as(backend.body()).isEqualTo(201);
		assertThat(backend.body()).contains("\"kid\":\"k9\"");
	}

	private static String uriOfLength(String prefix, int length) {
		return prefix + "a".repeat(length - prefix.length());
	}

	@Test
	void registerWhenInitialTokenAlreadySpentThenUnauthorized() {
		String token = tokens.adminToken("client.create");
		String metadata = "{" + LAUNCH + ",\"redirect_uris\":[\"https://app.example/cb\"]}";

		HttpResponse<String> first = registrations.register(token, metadata);
		HttpResponse<String> second = registrations.register(token, metadata);

		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		assertThat(second.statusCode()).as(second.body()).isEqualTo(401);
	}
}
