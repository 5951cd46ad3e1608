package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.fhirportal.server.support.Totp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The signed-in user's own account API, called with the portal app's SMART access token as the portal does:
 * who they are ({@code GET /api/me}) and two-step sign-in ({@code /api/me/mfa}): enrolment with a new key confirmed
 * by its first code, after which sign-in asks for a code; switching off with a current code; and refusals of wrong
 * codes, of other apps' tokens, of backend tokens and of requests without a token.
 */
@PortalServerTest
class AccountSettingsApiTest {

	static final String PASSWORD = "correct horse battery staple";
	static final String SCOPE = "openid fhirUser launch/patient patient/*.rs online_access";
	static final String PORTAL = "fhir-portal";

	@LocalServerPort
	int port;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	JdbcPortalUsers users;

	final ObjectMapper json = new ObjectMapper();
	String root;
	String username;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		// the real portal client, reachable from the test's browser too (its registered address is the app's own)
		RegisteredClient portal = clients.findByClientId(PORTAL);
		if (!portal.getRedirectUris().contains(SmartAppLaunch.REDIRECT)) {
			clients.save(RegisteredClient.from(portal).redirectUri(SmartAppLaunch.REDIRECT).build());
		}
		String patientId = TestApps.createPatient(new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds")), "Settings");
		username = TestResources.unique("settings");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Sam Settings");
	}

	@Test
	void meWhenPortalTokenThenNamesTheSignedInUser() throws Exception {
		HttpResponse<String> me = new RawHttp(root, portalToken()).get("/api/me");

		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		JsonNode body = json.readTree(me.body());
		assertThat(body.path("username").asText()).isEqualTo(username);
		assertThat(body.path("name").asText()).isEqualTo("Sam Settings");
		assertThat(body.path("role").asText()).isEqualTo("PATIENT");
		assertThat(body.path("fhirUser").asText()).startsWith("Patient/");
	}

	@Test
	void enrolWhenFirstCodeOfNewKeyIsRightThenOnAndSignInAsksForACode() throws Exception {
		String token = portalToken();
		assertThat(json.readTree(new RawHttp(root, token).get("/api/me/mfa").body()).path("enrolled").asBoolean()).isFalse();

		HttpResponse<String> started = post("/api/me/mfa/enrolment", token, "");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
		String secret = json.readTree(started.body()).path("secret").asText();
		assertThat(json.readTree(started.body()).path("otpauth_uri").asText()).startsWith("otpauth://totp/").contains("secret=" + secret);
		assertThat(json.readTree(new RawHttp(root, token).get("/api/me/mfa").body()).path("pending").asBoolean()).isTrue();
		HttpResponse<String> confirmed = post("/api/me/mfa/enrolment/confirm", token, "{\"code\":\"" + Totp.now(secret) + "\"}");

		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
		assertThat(json.readTree(new RawHttp(root, token).get("/api/me/mfa").body()).path("enrolled").asBoolean()).isTrue();
		assertThat(users.find(username).orElseThrow().mfaSecret()).contains(secret);
		SmartAppLaunch next = new SmartAppLaunch(root, PORTAL);
		HttpResponse<String> login = next.browser().followWithin(root, next.browser().get(next.authorizeUrl(root + "/fhir", SCOPE)));
		HttpResponse<String> secondStep = next.browser().followWithin(root, next.browser().postForm(root + "/login", List.of(
				new SimpleEntry<>("username", username), new SimpleEntry<>("password", PASSWORD), SmartAppLaunch.csrf(login.body()))));
		assertThat(secondStep.uri().getPath()).isEqualTo("/login/mfa");
		assertThat(secondStep.body()).contains("6-digit code").doesNotContain("id=\"secret\"");
		HttpResponse<String> afterCode = next.browser().followWithin(root, next.withTotpSecret(secret).secondFactor(secondStep.body()));
		assertThat(afterCode.headers().firstValue("Location").orElse("")).startsWith(SmartAppLaunch.REDIRECT).contains("code=");
	}

	@Test
	void confirmWhenCodeWrongOrNothingStartedThenBadRequestAndStillOff() throws Exception {
		String token = portalToken();

		HttpResponse<String> nothingStarted = post("/api/me/mfa/enrolment/confirm", token, "{\"code\":\"123456\"}");
		String secret = json.readTree(post("/api/me/mfa/enrolment", token, "").body()).path("secret").asText();
		HttpResponse<String> wrong = post("/api/me/mfa/enrolment/confirm", token, "{\"code\":\"" + otherCodeThan(secret) + "\"}");
		HttpResponse<String> notACode = post("/api/me/mfa/enrolment/confirm", token, "{\"code\":\"abc\"}");

		assertThat(nothingStarted.statusCode()).isEqualTo(400);
		assertThat(json.readTree(nothingStarted.body()).path("error").asText()).isEqualTo("no_enrolment");
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(json.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_code");
		assertThat(json.readTree(wrong.body()).path("error_description").asText()).contains("6-digit code");
		assertThat(notACode.statusCode()).isEqualTo(400);
		assertThat(users.find(username).orElseThrow().mfaSecret()).isEmpty();
		assertSignsInWithPasswordOnly();
	}

	@Test
	void removeWhenCurrentCodeThenOffAndWhenWrongCodeThenStillOn() throws Exception {
		String token = portalToken();
		String secret = json.readTree(post("/api/me/mfa/enrolment", token, "").body()).path("secret").asText();
		assertThat(post("/api/me/mfa/enrolment/confirm", token, "{\"code\":\"" + Totp.now(secret) + "\"}").statusCode()).isEqualTo(200);

		HttpResponse<String> again = post("/api/me/mfa/enrolment", token, "");
		HttpResponse<String> wrong = delete("/api/me/mfa", token, "{\"code\":\"" + otherCodeThan(secret) + "\"}");
		HttpResponse<String> stillOn = new RawHttp(root, token).get("/api/me/mfa");
		HttpResponse<String> removed = delete("/api/me/mfa", token, "{\"code\":\"" + Totp.now(secret) + "\"}");

		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(json.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_code");
		assertThat(json.readTree(stillOn.body()).path("enrolled").asBoolean()).isTrue();
		assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
		assertThat(users.find(username).orElseThrow().mfaSecret()).isEmpty();
		assertSignsInWithPasswordOnly();
	}

	@Test
	void removeWhenRoleRequiresTwoStepSignInThenConflict() throws Exception {
		String practitionerId = TestApps.createPractitioner(new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds")), "Settings");
		String clinician = TestResources.unique("dr");
		users.save(clinician, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + practitionerId, "Dr Settings");
		String userScope = "openid fhirUser online_access";
		SmartAppLaunch launch = new SmartAppLaunch(root, PORTAL);
		String token = accessToken(launch.launch(clinician, PASSWORD, userScope));

		HttpResponse<String> status = new RawHttp(root, token).get("/api/me/mfa");
		HttpResponse<String> removed = delete("/api/me/mfa", token, "{\"code\":\"" + Totp.now(launch.totpSecret()) + "\"}");

		assertThat(json.readTree(status.body()).path("required").asBoolean()).isTrue();
		assertThat(removed.statusCode()).isEqualTo(409);
		assertThat(json.readTree(removed.body()).path("error").asText()).isEqualTo("mfa_required");
		assertThat(users.find(clinician).orElseThrow().mfaSecret()).isPresent();
	}

	@Test
	void mfaWhenOtherAppsOrBackendTokenOrNoTokenThenRefused() throws Exception {
		String other = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		String otherToken = accessToken(new SmartAppLaunch(root, other).launch(username, PASSWORD, SCOPE));
		String backend = new TokenClient(root).adminToken("system/*.rs");

		HttpResponse<String> byOtherApp = post("/api/me/mfa/enrolment", otherToken, "");
		HttpResponse<String> byBackend = new RawHttp(root, backend).get("/api/me/mfa");
		HttpResponse<String> meByBackend = new RawHttp(root, backend).get("/api/me");
		HttpResponse<String> anonymous = new RawHttp(root).get("/api/me/mfa");

		assertThat(byOtherApp.statusCode()).isEqualTo(403);
		assertThat(json.readTree(byOtherApp.body()).path("error_description").asText()).contains("portal");
		assertThat(byBackend.statusCode()).isEqualTo(403);
		assertThat(meByBackend.statusCode()).isEqualTo(403);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(users.find(username).orElseThrow().mfaSecret()).isEmpty();
	}

	/** A new sign-in to the portal (approved before) gets its code without a second step. */
	private void assertSignsInWithPasswordOnly() {
		HttpResponse<String> signedIn = new SmartAppLaunch(root, PORTAL).signInToConsent(username, PASSWORD, SCOPE);
		assertThat(signedIn.uri().getPath()).isNotEqualTo("/login/mfa");
		assertThat(signedIn.headers().firstValue("Location").orElse("")).startsWith(SmartAppLaunch.REDIRECT).contains("code=");
	}

	private String portalToken() {
		return accessToken(new SmartAppLaunch(root, PORTAL).launch(username, PASSWORD, SCOPE));
	}

	private String accessToken(HttpResponse<String> tokenResponse) {
		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		return new TokenClient(root).field(tokenResponse.body(), "access_token");
	}

	/** A well-formed code that is not the secret's current one (nor of the steps either side). */
	private static String otherCodeThan(String secret) {
		String current = Totp.now(secret);
		return String.format("%06d", (Integer.parseInt(current) + 500_000) % 1_000_000);
	}

	private HttpResponse<String> post(String path, String token, String body) {
		return new RawHttp(root, token).send(HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	private HttpResponse<String> delete(String path, String token, String body) {
		return new RawHttp(root, token).send(HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type", "application/json")
				.method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build());
	}
}
