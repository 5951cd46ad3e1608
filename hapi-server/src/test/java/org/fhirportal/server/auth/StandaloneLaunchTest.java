package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestBrowser;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A patient's standalone launch of a public SMART app, end to end over HTTP: authorization request with PKCE and
 * {@code aud}, sign-in, consent with a scope unticked, code exchange, and a FHIR read with the token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StandaloneLaunchTest {

	private static final String REDIRECT = "https://app.example/callback";
	private static final String PASSWORD = "correct horse battery staple";

	@TempDir
	static Path dataDir;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("portal.data-dir", dataDir::toString);
	}

	@LocalServerPort
	int port;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	JdbcPortalUsers users;

	String root;
	String clientId;
	String username;
	String patientId;
	final String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		clientId = TestResources.unique("app");
		clients.save(RegisteredClient.withId(clientId).clientId(clientId).clientName("Test app")
				.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri(REDIRECT)
				.scopes(s -> s.addAll(List.of("openid", "fhirUser", "launch/patient", "patient/*.rs", "offline_access")))
				.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
				.build());
		String admin = new TokenClient(root).adminToken("system/*.cruds");
		HttpResponse<String> created = new RawHttp(root + "/fhir", admin)
				.post("/Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Launch\"}]}");
		patientId = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
		username = TestResources.unique("patient");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Pat Launch");
	}

	@Test
	void standaloneLaunchWhenPatientConsentsWithoutOfflineAccessThenTokenForOwnRecordOnly() throws Exception {
		TestBrowser browser = new TestBrowser();
		HttpResponse<String> login = browser.followWithin(root, browser.get(authorizeUrl(root + "/fhir", challenge(verifier))));
		assertThat(login.uri().getPath()).isEqualTo("/login");

		HttpResponse<String> consent = browser.followWithin(root, browser.postForm(root + "/login", List.of(
				new SimpleEntry<>("username", username), new SimpleEntry<>("password", PASSWORD), csrf(login.body()))));
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		List<Map.Entry<String, String>> choice = consentChoice(consent.body(), "offline_access");
		HttpResponse<String> redirect = browser.followWithin(root, browser.postForm(root + "/oauth2/authorize", choice));

		URI callback = URI.create(redirect.headers().firstValue("Location").orElseThrow());
		assertThat(callback.toString()).startsWith(REDIRECT).contains("state=xyz");
		String code = query(callback, "code");
		HttpResponse<String> token = exchange(code, verifier);

		TokenClient json = new TokenClient(root);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(json.field(token.body(), "patient")).isEqualTo(patientId);
		assertThat(json.field(token.body(), "need_patient_banner")).isEqualTo("true");
		assertThat(json.field(token.body(), "scope")).contains("patient/*.rs", "launch/patient").doesNotContain("offline_access");
		JWTClaimsSet idToken = SignedJWT.parse(json.field(token.body(), "id_token")).getJWTClaimsSet();
		assertThat(idToken.getAudience()).containsExactly(clientId);
		assertThat(idToken.getStringClaim("fhirUser")).isEqualTo(root + "/fhir/Patient/" + patientId);
		HttpResponse<String> read = new RawHttp(root + "/fhir", json.field(token.body(), "access_token")).get("/Patient/" + patientId);
		assertThat(read.statusCode()).isEqualTo(200);
	}

	@Test
	void authorizeWhenAudIsNotThisFhirServerThenErrorRedirectWithoutCode() throws Exception {
		TestBrowser browser = new TestBrowser();

		HttpResponse<String> response = browser.followWithin(root, browser.get(authorizeUrl("https://evil.example/fhir", challenge(verifier))));

		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT).contains("error=invalid_request").contains("state=xyz").doesNotContain("code=");
	}

	@Test
	void authorizeWhenChallengeMethodPlainThenErrorRedirectWithoutCode() throws Exception {
		TestBrowser browser = new TestBrowser();
		String plain = authorizeUrl(root + "/fhir", verifier).replace("code_challenge_method=S256", "code_challenge_method=plain");

		HttpResponse<String> response = browser.followWithin(root, browser.get(plain));

		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT).contains("error=").doesNotContain("code=");
	}

	@Test
	void tokenWhenCodeVerifierMissingWrongOrCodeBadThenRefused() throws Exception {
		TestBrowser browser = new TestBrowser();
		HttpResponse<String> login = browser.followWithin(root, browser.get(authorizeUrl(root + "/fhir", challenge(verifier))));
		HttpResponse<String> consent = browser.followWithin(root, browser.postForm(root + "/login", List.of(
				new SimpleEntry<>("username", username), new SimpleEntry<>("password", PASSWORD), csrf(login.body()))));
		HttpResponse<String> redirect = browser.followWithin(root, browser.postForm(root + "/oauth2/authorize", consentChoice(consent.body())));
		String code = query(URI.create(redirect.headers().firstValue("Location").orElseThrow()), "code");

		assertThat(exchange(code, "").statusCode()).isIn(400, 401);
		assertThat(exchange(code, "wrong-" + verifier).statusCode()).isIn(400, 401);
		assertThat(exchange("not-a-code", verifier).statusCode()).isEqualTo(400);
	}

	private String authorizeUrl(String aud, String challenge) {
		return root + "/oauth2/authorize?response_type=code&client_id=" + clientId
				+ "&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc("openid fhirUser launch/patient patient/*.rs offline_access")
				+ "&state=xyz&aud=" + enc(aud) + "&code_challenge=" + challenge + "&code_challenge_method=S256";
	}

	private HttpResponse<String> exchange(String code, String codeVerifier) {
		String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + clientId
				+ (codeVerifier.isEmpty() ? "" : "&code_verifier=" + enc(codeVerifier));
		return new TokenClient(root).send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build());
	}

	private static Map.Entry<String, String> csrf(String html) {
		return TestBrowser.inputs(html).stream().filter(i -> "_csrf".equals(i.get("name")))
				.map(i -> (Map.Entry<String, String>) new SimpleEntry<>("_csrf", i.get("value"))).findFirst()
				.orElseThrow(() -> new AssertionError("no CSRF token in " + html));
	}

	/** The consent form as the user submits it: hidden fields, and every offered scope except the unticked ones. */
	private static List<Map.Entry<String, String>> consentChoice(String html, String... untick) {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		for (Map<String, String> input : TestBrowser.inputs(html)) {
			String name = input.get("name");
			if (name == null) {
				continue;
			}
			if ("scope".equals(name) && List.of(untick).contains(input.get("value"))) {
				continue;
			}
			fields.add(new SimpleEntry<>(name, input.getOrDefault("value", "")));
		}
		return fields;
	}

	private static String challenge(String verifier) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	private static String query(URI uri, String name) {
		for (String pair : uri.getRawQuery().split("&")) {
			String[] kv = pair.split("=", 2);
			if (kv[0].equals(name)) {
				return java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("no " + name + " in " + uri);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
