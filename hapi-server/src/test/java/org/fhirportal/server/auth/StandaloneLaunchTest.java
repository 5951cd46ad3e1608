package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A patient's standalone launch of a public SMART app, end to end over HTTP: authorization request with PKCE and
 * {@code aud}, sign-in, consent with a scope unticked, code exchange, and a FHIR read with the token.
 */
@PortalServerTest
class StandaloneLaunchTest {

	static final String PASSWORD = "correct horse battery staple";
	static final String SCOPE = "openid fhirUser launch/patient patient/*.rs offline_access";


	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	String root;
	String clientId;
	String username;
	String patientId;
	SmartAppLaunch app;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		clientId = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		String admin = new TokenClient(root).adminToken("system/*.cruds");
		patientId = TestApps.createPatient(new RawHttp(root + "/fhir", admin), "Launch");
		username = TestResources.unique("patient");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Pat Launch");
		app = new SmartAppLaunch(root, clientId);
	}

	@Test
	void standaloneLaunchWhenPatientConsentsWithoutOfflineAccessThenTokenForOwnRecord() throws Exception {
		HttpResponse<String> token = app.launch(username, PASSWORD, SCOPE, "offline_access");

		TokenClient json = new TokenClient(root);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(json.field(token.body(), "patient")).isEqualTo(patientId);
		assertThat(json.field(token.body(), "need_patient_banner")).isEqualTo("true");
		assertThat(json.field(token.body(), "scope")).contains("patient/*.rs", "launch/patient").doesNotContain("offline_access");
		assertThat(token.body()).doesNotContain("refresh_token");
		JWTClaimsSet idToken = SignedJWT.parse(json.field(token.body(), "id_token")).getJWTClaimsSet();
		assertThat(idToken.getAudience()).containsExactly(clientId);
		assertThat(idToken.getStringClaim("fhirUser")).isEqualTo(root + "/fhir/Patient/" + patientId);
		HttpResponse<String> read = new RawHttp(root + "/fhir", json.field(token.body(), "access_token")).get("/Patient/" + patientId);
		assertThat(read.statusCode()).isEqualTo(200);
	}

	@Test
	void introspectionWhenPatientTokenThenActiveWithLaunchContextAndFhirUser() throws Exception {
		TokenClient json = new TokenClient(root);
		String accessToken = json.field(app.launch(username, PASSWORD, SCOPE).body(), "access_token");

		String resourceServer = java.util.Base64.getEncoder().encodeToString(
				(TokenClient.ADMIN_CLIENT_ID + ":" + TokenClient.ADMIN_CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		HttpResponse<String> response = json.send(java.net.http.HttpRequest.newBuilder(URI.create(root + "/oauth2/introspect"))
				.header("Authorization", "Basic " + resourceServer)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + accessToken)).build());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
		assertThat(body.path("active").asBoolean()).isTrue();
		assertThat(body.path("client_id").asText()).isEqualTo(clientId);
		assertThat(body.path("sub").asText()).isEqualTo(username);
		assertThat(body.path("iss").asText()).isEqualTo(root);
		assertThat(body.path("exp").asLong()).isGreaterThan(java.time.Instant.now().getEpochSecond());
		assertThat(body.path("scope").asText().split(" ")).contains("launch/patient", "patient/*.rs");
		assertThat(body.path("patient").asText()).isEqualTo(patientId);
		assertThat(body.path("fhirUser").asText()).isEqualTo(root + "/fhir/Patient/" + patientId);
	}

	@Test
	void authorizeWhenPostedBeforeSignInThenTheRequestSurvivesTheSignInAndGivesACode() {
		URI authorize = URI.create(app.authorizeUrl(root + "/fhir", SCOPE));
		List<java.util.Map.Entry<String, String>> form = new java.util.ArrayList<>();
		for (String pair : authorize.getRawQuery().split("&")) {
			String[] kv = pair.split("=", 2);
			form.add(new java.util.AbstractMap.SimpleEntry<>(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8)));
		}

		HttpResponse<String> login = app.browser().followWithin(root, app.browser().postForm(root + "/oauth2/authorize", form));
		HttpResponse<String> consent = app.browser().followWithin(root, app.browser().postForm(root + "/login", List.of(
				new java.util.AbstractMap.SimpleEntry<>("username", username), new java.util.AbstractMap.SimpleEntry<>("password", PASSWORD),
				SmartAppLaunch.csrf(login.body()))));
		HttpResponse<String> redirect = app.browser().followWithin(root, app.browser().postForm(root + "/oauth2/authorize",
				org.fhirportal.server.support.TestBrowser.inputs(consent.body().substring(0, consent.body().indexOf("</form>"))).stream()
						.map(i -> (java.util.Map.Entry<String, String>) new java.util.AbstractMap.SimpleEntry<>(i.get("name"), i.get("value")))
						.toList()));
		String code = SmartAppLaunch.query(URI.create(redirect.headers().firstValue("Location").orElseThrow()), "code");
		HttpResponse<String> token = app.exchange(code, app.verifier());

		assertThat(login.uri().getPath()).isEqualTo("/login");
		assertThat(consent.body()).contains("Allow Test app");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(new TokenClient(root).field(token.body(), "patient")).isEqualTo(patientId);
		HttpResponse<String> discovery = new RawHttp(root + "/fhir").get("/.well-known/smart-configuration");
		assertThat(discovery.body()).contains("\"authorize-post\"");
	}

	@Test
	void refreshWhenOfflineAccessGrantedThenNewTokensAndTheUsedOneIsSpent() {
		TokenClient json = new TokenClient(root);
		String first = json.field(app.launch(username, PASSWORD, SCOPE).body(), "refresh_token");

		HttpResponse<String> refreshed = refresh(first, "");
		HttpResponse<String> narrowed = refresh(json.field(refreshed.body(), "refresh_token"), "launch/patient patient/*.rs");
		HttpResponse<String> widened = refresh(json.field(narrowed.body(), "refresh_token"), "patient/*.cruds");
		RawHttp refreshedFhir = new RawHttp(root + "/fhir", json.field(refreshed.body(), "access_token"));
		int readBeforeReuse = refreshedFhir.get("/Patient/" + patientId).statusCode();
		HttpResponse<String> reused = refresh(first, "");

		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(json.field(refreshed.body(), "refresh_token")).isNotEqualTo(first);
		assertThat(json.field(refreshed.body(), "patient")).isEqualTo(patientId);
		assertThat(readBeforeReuse).isEqualTo(200);
		assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
		assertThat(json.field(narrowed.body(), "scope").split(" ")).containsExactlyInAnyOrder("launch/patient", "patient/*.rs");
		assertThat(widened.statusCode()).isEqualTo(400);
		assertThat(json.field(widened.body(), "error")).isEqualTo("invalid_scope");
		assertThat(reused.statusCode()).isEqualTo(400);
		assertThat(json.field(reused.body(), "error")).isEqualTo("invalid_grant");
		// reusing a replaced refresh token revokes the grant (RefreshTokenReuseTest): its access tokens stop working
		assertThat(refreshedFhir.get("/Patient/" + patientId).statusCode()).isEqualTo(401);
	}

	@Test
	void refreshWhenTokenRandomOrRevokedThenRefused() {
		TokenClient json = new TokenClient(root);
		String refreshToken = json.field(app.launch(username, PASSWORD, SCOPE).body(), "refresh_token");

		HttpResponse<String> revoked = post("/oauth2/revoke", "token=" + refreshToken + "&token_type_hint=refresh_token&client_id=" + clientId);

		assertThat(revoked.statusCode()).isEqualTo(200);
		assertThat(refresh(refreshToken, "").statusCode()).isEqualTo(400);
		assertThat(refresh("random-" + java.util.UUID.randomUUID(), "").statusCode()).isIn(400, 401);
	}

	private HttpResponse<String> refresh(String refreshToken, String scope) {
		return post("/oauth2/token", "grant_type=refresh_token&refresh_token=" + refreshToken + "&client_id=" + clientId
				+ (scope.isEmpty() ? "" : "&scope=" + java.net.URLEncoder.encode(scope, java.nio.charset.StandardCharsets.UTF_8)));
	}

	private HttpResponse<String> post(String path, String form) {
		return new TokenClient(root).send(java.net.http.HttpRequest.newBuilder(URI.create(root + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build());
	}

	@Test
	void consentWhenShownThenPlainWordsAndDenyGivesAccessDeniedWithoutCode() {
		HttpResponse<String> consent = app.signInToConsent(username, PASSWORD, SCOPE);

		assertThat(consent.body()).contains("Allow Test app to use your health record?")
				.contains("All your health data: read").contains("Stay signed in").contains("until you revoke it")
				.doesNotContain("value=\"openid\"");
		String denyForm = consent.body().substring(consent.body().indexOf("</form>"));
		List<java.util.Map.Entry<String, String>> hidden = org.fhirportal.server.support.TestBrowser.inputs(denyForm).stream()
				.map(i -> (java.util.Map.Entry<String, String>) new java.util.AbstractMap.SimpleEntry<>(i.get("name"), i.get("value"))).toList();
		HttpResponse<String> denied = app.browser().postForm(root + "/oauth2/authorize", hidden);

		String location = denied.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(SmartAppLaunch.REDIRECT).contains("error=access_denied").doesNotContain("code=");
	}

	@Test
	void authorizeWhenAudIsNotThisFhirServerThenErrorRedirectWithoutCode() {
		HttpResponse<String> response = app.browser().followWithin(root, app.browser().get(app.authorizeUrl("https://evil.example/fhir", SCOPE)));

		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(SmartAppLaunch.REDIRECT).contains("error=invalid_request").contains("state=xyz").doesNotContain("code=");
	}

	@Test
	void authorizeWhenChallengeMethodPlainThenErrorRedirectWithoutCode() {
		String plain = app.authorizeUrl(root + "/fhir", SCOPE).replace("code_challenge_method=S256", "code_challenge_method=plain");

		HttpResponse<String> response = app.browser().followWithin(root, app.browser().get(plain));

		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(SmartAppLaunch.REDIRECT).contains("error=").doesNotContain("code=");
	}

	@Test
	void tokenWhenCodeVerifierMissingWrongOrCodeBadThenRefused() {
		String code = app.authorize(username, PASSWORD, SCOPE);

		assertThat(app.exchange(code, "").statusCode()).isIn(400, 401);
		assertThat(app.exchange(code, "wrong-" + app.verifier()).statusCode()).isIn(400, 401);
		assertThat(app.exchange("not-a-code", app.verifier()).statusCode()).isEqualTo(400);
	}

	@Test
	void authorizeWhenScopeNotRegisteredThenInvalidScopeWithoutCode() {
		HttpResponse<String> response = app.browser().followWithin(root,
				app.browser().get(app.authorizeUrl(root + "/fhir", "openid system/*.cruds")));

		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(URI.create(location).getQuery()).contains("error=invalid_scope").doesNotContain("code=");
	}

	@Test
	void bearerRequestsWhenTheSignInCookieComesAlongThenTheSignInSessionKeepsItsId() throws Exception {
		String accessToken = new TokenClient(root).field(app.launch(username, PASSWORD, SCOPE).body(), "access_token");
		String session = app.browser().cookie("JSESSIONID");

		// a SMART app's same-origin requests carry the browser's cookies as well as the bearer token
		HttpClient appRequests = HttpClient.newHttpClient();
		for (String path : List.of("/fhir/Patient/" + patientId, "/fhir/Observation?patient=" + patientId, "/api/me")) {
			HttpResponse<String> response = appRequests.send(HttpRequest.newBuilder(URI.create(root + path))
					.header("Authorization", "Bearer " + accessToken).header("Cookie", "JSESSIONID=" + session).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().allValues("Set-Cookie")).as("cookies set by %s", path).isEmpty();
		}

		HttpResponse<String> again = app.browser().followWithin(root, app.browser().get(app.authorizeUrl(root + "/fhir", SCOPE)));
		assertThat(again.uri().getPath()).as("the browser is still signed in under its session id").isNotEqualTo("/login");
	}

	@Test
	void faviconWhenABrowserAsksWithoutCookiesThenNoSignInPageAndNoSession() throws Exception {
		HttpResponse<String> favicon = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "/favicon.ico"))
				.header("Accept", "image/avif,image/webp,image/*,*/*;q=0.8").GET().build(), HttpResponse.BodyHandlers.ofString());

		assertThat(favicon.statusCode()).as("not sent to the sign-in page").isNotIn(302, 303);
		assertThat(favicon.headers().allValues("Set-Cookie")).as("no session").isEmpty();
	}
}
