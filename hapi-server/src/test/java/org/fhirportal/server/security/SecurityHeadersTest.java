package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RegisteredApps;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Headers and cookies a hardened server sends: a content security policy on the sign-in, consent and patient
 * picker pages, {@code Referrer-Policy} on every response, a {@code SameSite=Lax} session cookie, and no API
 * documents for anyone.
 */
@PortalServerTest
class SecurityHeadersTest {

	private static final String SCOPE = "openid fhirUser launch/patient patient/*.rs";

	@LocalServerPort
	int port;

	@Autowired
	JdbcPortalUsers users;

	String root;
	TokenClient tokens;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
	}

	@Test
	void signInConsentAndPickerPagesWhenShownThenContentSecurityPolicyForbidsScriptsPluginsAndFraming() {
		HttpResponse<String> login = tokens.send(HttpRequest.newBuilder(URI.create(root + "/login")).GET().build());
		SecurityFixtures.Account patient = SecurityFixtures.patient(root, users, "Headers");
		HttpResponse<String> consent = new SmartAppLaunch(root, RegisteredApps.publicApp(root, SCOPE, "\"authorization_code\""))
				.signInToConsent(patient.username(), SecurityFixtures.PASSWORD, SCOPE);
		SecurityFixtures.Account clinician = SecurityFixtures.practitioner(root, users, "Headers");
		HttpResponse<String> picker = new SmartAppLaunch(root, RegisteredApps.publicApp(root, SCOPE, "\"authorization_code\""))
				.signInToConsent(clinician.username(), SecurityFixtures.PASSWORD, SCOPE);

		assertThat(consent.uri().getPath()).isEqualTo("/oauth2/consent");
		assertThat(picker.uri().getPath()).isEqualTo("/oauth2/patient-picker");
		for (HttpResponse<String> page : List.of(login, consent, picker)) {
			assertThat(page.statusCode()).as(page.uri().toString()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Security-Policy")).as(page.uri().toString())
					.hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'", "object-src 'none'",
							"frame-ancestors 'none'", "base-uri 'none'").doesNotContain("script-src", "unsafe-inline"));
		}
	}

	@Test
	void responsesWhenFhirOAuthPortalOrErrorThenReferrerPolicyNoReferrer() {
		List<HttpRequest> requests = List.of(
				get("/fhir/metadata"), get("/fhir/Patient/1"), get("/fhir/.well-known/smart-configuration"),
				get("/oauth2/jwks"), get("/.well-known/openid-configuration"),
				HttpRequest.newBuilder(URI.create(root + "/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
				get("/oauth2/authorize?response_type=code&client_id=nobody"), get("/login"), get("/portal/"),
				get("/actuator/health"), get("/smart-style.json"), get("/no/such/page"));

		for (HttpRequest request : requests) {
			HttpResponse<String> response = tokens.send(request);
			assertThat(response.headers().firstValue("Referrer-Policy")).as(request.uri() + " answered " + response.statusCode())
					.hasValue("no-referrer");
		}
	}

	@Test
	void sessionCookieWhenIssuedOverHttpThenSameSiteLaxAndHttpOnly() {
		HttpResponse<String> login = tokens.send(HttpRequest.newBuilder(URI.create(root + "/login")).GET().build());

		String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
		assertThat(cookie).containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly")
				.as("not Secure on plain HTTP, where the browser would drop it").doesNotContainIgnoringCase("Secure");
	}

	@Test
	void apiDocsWhenAnonymousOrSignedInThenNotServed() {
		SecurityFixtures.Account patient = SecurityFixtures.patient(root, users, "Docs");
		SmartAppLaunch launch = new SmartAppLaunch(root, RegisteredApps.publicApp(root, SCOPE, "\"authorization_code\""));
		launch.signInToConsent(patient.username(), SecurityFixtures.PASSWORD, SCOPE);

		HttpResponse<String> anonymous = tokens.send(get("/v3/api-docs"));
		HttpResponse<String> signedIn = launch.browser().get(root + "/v3/api-docs");

		assertThat(anonymous.statusCode()).isNotEqualTo(200);
		assertThat(signedIn.statusCode()).isNotEqualTo(200);
		assertThat(signedIn.body()).doesNotContain("openapi");
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create(root + path)).GET().build();
	}
}
