package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestBrowser;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The server's own pages (sign-in, consent, patient picker, errors) in the organization's branding from
 * {@code smart.auth.branding.*}: its name in every title, its colour in the pages' style sheet and in the SMART
 * style document, its logo and support phone; visible labels; consent in patients' words with the technical scope
 * only behind a disclosure; birth dates as people write them.
 */
@PortalServerTest(properties = {
	"smart.auth.branding.organization-name=Riverside Health",
	"smart.auth.branding.primary-color=#7A1F5C",
	"smart.auth.branding.logo-url=https://cdn.example.org/riverside/logo.png",
	"smart.auth.branding.support-phone=+44 20 7946 0000"
})
class BrandedPagesTest {

	static final String PASSWORD = "correct horse battery staple";

	@LocalServerPort
	int port;

	String root;
	RawHttp admin;
	TokenClient tokens;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
		admin = new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds"));
	}

	@Test
	void signInPageWhenShownThenOrganizationNameLogoPhoneAndVisibleLabels() {
		HttpResponse<String> login = new TestBrowser().get(root + "/login");

		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("<title>Sign in – Riverside Health</title>")
				.contains("<label for=\"username\">Username</label>", "<label for=\"password\">Password</label>")
				.contains("<button type=\"submit\">Sign in</button>")
				.contains("<img src=\"https://cdn.example.org/riverside/logo.png\" alt=\"\">")
				.contains("href=\"tel:+442079460000\"", "+44 20 7946 0000")
				.contains("<link rel=\"stylesheet\" href=\"/auth/pages.css\">")
				.contains("name=\"_csrf\"")
				.doesNotContain("placeholder", "Please sign in", "<script", "style=");
		assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
				.contains("img-src 'self' data: https://cdn.example.org;", "style-src 'self'").doesNotContain("script-src", "unsafe-inline"));
	}

	@Test
	void signInWhenPasswordWrongThenBrandedPageSaysSoWithoutNamingTheCause() {
		TestBrowser browser = new TestBrowser();
		HttpResponse<String> login = browser.get(root + "/login");

		HttpResponse<String> again = browser.followWithin(root, browser.postForm(root + "/login", List.of(
				new java.util.AbstractMap.SimpleEntry<>("username", "nobody-" + TestResources.unique("x")),
				new java.util.AbstractMap.SimpleEntry<>("password", "wrong password 123"), SmartAppLaunch.csrf(login.body()))));

		assertThat(again.uri().getPath()).isEqualTo("/login");
		assertThat(again.body()).contains("Riverside Health", "role=\"alert\"", "The username or password is not right");
	}

	@Test
	void pagesStylesheetWhenFetchedAnonymouslyThenPortalLookInTheConfiguredColour() {
		HttpResponse<String> css = tokens.send(HttpRequest.newBuilder(URI.create(root + "/auth/pages.css")).GET().build());

		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
		assertThat(css.body()).contains("--accent: #7a1f5c;", "--link: #7a1f5c;", "system-ui", ":focus-visible");
	}

	@Test
	void smartStyleWhenFetchedThenMadeFromTheBranding() throws Exception {
		HttpResponse<String> style = tokens.send(HttpRequest.newBuilder(URI.create(root + "/smart-style.json")).GET().build());

		JsonNode json = new ObjectMapper().readTree(style.body());
		assertThat(style.statusCode()).isEqualTo(200);
		assertThat(json.path("color_highlight").asText()).isEqualTo("#7a1f5c");
		assertThat(json.path("portal_organization_name").asText()).isEqualTo("Riverside Health");
		assertThat(json.path("portal_logo_url").asText()).isEqualTo("https://cdn.example.org/riverside/logo.png");
		assertThat(json.path("portal_support_phone").asText()).isEqualTo("+44 20 7946 0000");
		assertThat(json.path("color_background").asText()).isEqualTo("#f4f6f8");
	}

	@Test
	void consentWhenShownThenKindsOfDataInPatientWordsAndTheScopeOnlyBehindDetails() {
		String scope = "openid fhirUser launch/patient patient/Appointment.cu patient/Communication.cu patient/Task.cu "
				+ "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory online_access";
		String username = patientAccount(createPatient("Consent", "1970-01-31"));
		SmartAppLaunch app = new SmartAppLaunch(root, new ClientRegistrations(root).publicApp("Clinic Notes", SmartAppLaunch.REDIRECT, scope));

		HttpResponse<String> consent = app.signInToConsent(username, PASSWORD, scope);

		String page = consent.body();
		assertThat(consent.uri().getPath()).isEqualTo("/oauth2/consent");
		assertThat(page).contains("<title>Allow Clinic Notes? – Riverside Health</title>", "Allow Clinic Notes to use your health record?")
				.contains(">Your appointments: book and cancel</label>", ">Your messages: send and mark as read</label>",
						">Your requests, such as refills: make and cancel</label>", ">Your lab results: read</label>",
						">Stay signed in while you use it</label>")
				.containsPattern("<details>\\s*<summary>Technical details</summary>\\s*<code>patient/Appointment\\.cu</code>\\s*</details>");
		String shown = page.replaceAll("(?s)<details>.*?</details>", "").replaceAll("(?s)<[^>]*>", " ");
		assertThat(shown).doesNotContain("Appointment", "Communication", "Task", "Observation", "patient/", "(")
				.contains("Riverside Health");
	}

	@Test
	void pickerWhenCaregiverActsForTwoThenNamesAndBirthDatesInWords() {
		String family = "Branded" + TestResources.unique("x").substring(2);
		String first = createPatient(family + "A", "1966-07-26");
		String second = createPatient(family + "B", "1990-03");
		String relatedPerson = created(admin.post("/RelatedPerson", "application/fhir+json",
				"{\"resourceType\":\"RelatedPerson\",\"patient\":{\"reference\":\"Patient/" + first + "\"}}"));
		String caregiver = TestResources.unique("carer");
		account(caregiver, "RELATED_PERSON", "RelatedPerson/" + relatedPerson, "Casey Branded");
		grant(caregiver, first);
		grant(caregiver, second);
		String scope = "openid fhirUser launch/patient patient/*.rs";
		SmartAppLaunch app = new SmartAppLaunch(root, new ClientRegistrations(root).publicApp(SmartAppLaunch.REDIRECT, scope));

		HttpResponse<String> picker = app.signInToConsent(caregiver, PASSWORD, scope);
		HttpResponse<String> refused = app.browser().postForm(root + "/oauth2/patient-picker", List.of(
				new java.util.AbstractMap.SimpleEntry<>("client_id", "x"), new java.util.AbstractMap.SimpleEntry<>("scope", scope),
				new java.util.AbstractMap.SimpleEntry<>("state", "x"), new java.util.AbstractMap.SimpleEntry<>("patient", first),
				SmartAppLaunch.csrf(picker.body())));

		assertThat(picker.uri().getPath()).isEqualTo("/oauth2/patient-picker");
		assertThat(picker.body()).contains("<title>Choose a patient – Riverside Health</title>", "Whose record do you want to open?")
				.contains("Born 26 July 1966", "Born March 1990").doesNotContain("1966-07-26", "<script");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("<title>Cannot open this record – Riverside Health</title>", "/auth/pages.css");
	}

	@Test
	void errorPageWhenSignedInBrowserOpensAMissingPageThenBrandedAndPlain() {
		String scope = "openid fhirUser launch/patient patient/*.rs";
		String username = patientAccount(createPatient("Missing", "1980-05-05"));
		SmartAppLaunch app = new SmartAppLaunch(root, new ClientRegistrations(root).publicApp(SmartAppLaunch.REDIRECT, scope));
		app.signInToConsent(username, PASSWORD, scope);

		HttpResponse<String> missing = app.browser().get(root + "/no/such/page");

		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("<title>We cannot find this page – Riverside Health</title>", "/auth/pages.css", "tel:+442079460000")
				.doesNotContain("Whitelabel", "Exception", "trace");
	}

	@Test
	void activationPageWhenPasswordShortThenCodeStaysUsableAndTheAccountSignsInAfterwards() throws Exception {
		String patientId = createPatient("Activation", "1975-11-02");
		String code = new ObjectMapper().readTree(tokens.send(HttpRequest.newBuilder(URI.create(root + "/api/admin/activation-codes"))
				.header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.adminToken("user.admin"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"patient\":\"" + patientId + "\"}")).build()).body()).path("code").asText();
		String username = TestResources.unique("activated");
		TestBrowser browser = new TestBrowser();
		HttpResponse<String> form = browser.get(root + "/activate");

		HttpResponse<String> tooShort = browser.postForm(root + "/activate", List.of(entry("code", code), entry("username", username),
				entry("password", "short"), SmartAppLaunch.csrf(form.body())));
		HttpResponse<String> wrongCode = browser.postForm(root + "/activate", List.of(entry("code", "not-a-code"), entry("username", username),
				entry("password", PASSWORD), SmartAppLaunch.csrf(form.body())));
		HttpResponse<String> activated = browser.postForm(root + "/activate", List.of(entry("code", code), entry("username", username),
				entry("password", PASSWORD), SmartAppLaunch.csrf(form.body())));
		String scope = "openid fhirUser launch/patient patient/*.rs";
		HttpResponse<String> consent = new SmartAppLaunch(root, new ClientRegistrations(root).publicApp(SmartAppLaunch.REDIRECT, scope))
				.signInToConsent(username, PASSWORD, scope);

		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("<title>Activate your account – Riverside Health</title>", "<label for=\"code\">Activation code</label>",
				"<label for=\"username\">Choose a username</label>", "<label for=\"password\">Choose a password</label>")
				.doesNotContain("placeholder");
		assertThat(tooShort.statusCode()).isEqualTo(400);
		assertThat(tooShort.body()).contains("role=\"alert\"", "12 to 128 characters");
		assertThat(wrongCode.statusCode()).isEqualTo(400);
		assertThat(wrongCode.body()).contains("That activation code is not right");
		assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
		assertThat(activated.body()).contains("<title>Your account is ready – Riverside Health</title>", username);
		assertThat(consent.uri().getPath()).isEqualTo("/oauth2/consent");
	}

	private static java.util.Map.Entry<String, String> entry(String name, String value) {
		return new java.util.AbstractMap.SimpleEntry<>(name, value);
	}

	private String createPatient(String family, String birthDate) {
		return created(admin.post("/Patient", "application/fhir+json",
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"given\":[\"Robin\"]}],\"birthDate\":\"" + birthDate + "\"}"));
	}

	private String patientAccount(String patientId) {
		String username = TestResources.unique("patient");
		account(username, "PATIENT", "Patient/" + patientId, "Robin Patient");
		return username;
	}

	private void account(String username, String role, String fhirUser, String name) {
		HttpResponse<String> created = tokens.send(HttpRequest.newBuilder(URI.create(root + "/api/admin/users"))
				.header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.adminToken("user.admin"))
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"username":"%s","password":"%s","role":"%s","fhirUser":"%s","displayName":"%s"}"""
						.formatted(username, PASSWORD, role, fhirUser, name))).build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private void grant(String caregiver, String patient) {
		HttpResponse<String> granted = tokens.send(HttpRequest.newBuilder(URI.create(root + "/api/admin/proxy-grants"))
				.header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.adminToken("user.admin"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + caregiver + "\",\"patient\":\"" + patient + "\"}")).build());
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
	}

	private static String created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return URI.create(response.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}
}
