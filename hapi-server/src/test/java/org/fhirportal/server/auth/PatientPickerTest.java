package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestBrowser;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A practitioner's standalone launch of an app asking for {@code launch/patient}: after sign-in the server shows
 * a patient picker (search by name), and the picked patient becomes the token's launch context, which the FHIR
 * endpoint then enforces.
 */
@PortalServerTest
class PatientPickerTest {

	static final String PASSWORD = "correct horse battery staple";
	static final String SCOPE = "openid fhirUser launch/patient patient/*.rs";

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	String root;
	String family;
	String chosen;
	String other;
	SmartAppLaunch app;
	String clinician;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		RawHttp admin = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		family = "Picker" + TestResources.unique("x").substring(2);
		chosen = TestApps.createPatient(admin, family);
		other = TestApps.createPatient(admin, "Other" + family);
		clinician = TestResources.unique("dr-picker");
		users.save(clinician, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + TestApps.createPractitioner(admin, "Picker"), "Dr Picker");
		app = new SmartAppLaunch(root, TestApps.registerPublicApp(root, List.of(SCOPE.split(" "))));
	}

	@Test
	void standaloneLaunchWhenPractitionerPicksPatientThenTokenCarriesThatPatientOnly() {
		HttpResponse<String> picker = app.signInToConsent(clinician, PASSWORD, SCOPE);
		assertThat(picker.uri().getPath()).isEqualTo("/oauth2/patient-picker");
		assertThat(picker.body()).contains("Which patient");

		HttpResponse<String> results = app.browser().get(picker.uri() + "&name=" + URLEncoder.encode(family, StandardCharsets.UTF_8));
		assertThat(results.body()).contains(family).contains("value=\"" + chosen + "\"");
		HttpResponse<String> consent = app.browser().followWithin(root, app.browser().postForm(root + "/oauth2/patient-picker",
				pickFields(results.body(), chosen)));
		assertThat(consent.uri().getPath()).isEqualTo("/oauth2/consent");
		HttpResponse<String> redirect = app.browser().postForm(root + "/oauth2/authorize", firstForm(consent.body()));
		String code = SmartAppLaunch.query(URI.create(redirect.headers().firstValue("Location").orElseThrow()), "code");
		HttpResponse<String> token = app.exchange(code, app.verifier());

		TokenClient json = new TokenClient(root);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(json.field(token.body(), "patient")).isEqualTo(chosen);
		assertThat(json.field(token.body(), "need_patient_banner")).isEqualTo("true");
		RawHttp fhir = new RawHttp(root + "/fhir", json.field(token.body(), "access_token"));
		assertThat(fhir.get("/Patient/" + chosen).statusCode()).isEqualTo(200);
		assertThat(fhir.get("/Patient/" + other).statusCode()).isEqualTo(404); // outside the reach: answered as unknown
	}

	@Test
	void pickWhenPatientDoesNotExistThenRefusedAndNoConsentPage() {
		HttpResponse<String> picker = app.signInToConsent(clinician, PASSWORD, SCOPE);

		HttpResponse<String> refused = app.browser().postForm(root + "/oauth2/patient-picker", pickFields(
				app.browser().get(picker.uri() + "&name=" + URLEncoder.encode(family, StandardCharsets.UTF_8)).body(), "no-such-patient"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(app.browser().get(root + "/oauth2/consent?" + picker.uri().getRawQuery()).headers().firstValue("Location"))
				.hasValueSatisfying(location -> assertThat(location).contains("/oauth2/patient-picker"));
	}

	/** The picker's form for the first listed patient, with the patient replaced by {@code patient}. */
	private static List<Map.Entry<String, String>> pickFields(String html, String patient) {
		String form = html.substring(html.indexOf("<form method=\"post\""));
		return TestBrowser.inputs(form.substring(0, form.indexOf("</form>"))).stream()
				.map(i -> (Map.Entry<String, String>) new SimpleEntry<>(i.get("name"), "patient".equals(i.get("name")) ? patient : i.get("value")))
				.toList();
	}

	private static List<Map.Entry<String, String>> firstForm(String html) {
		return TestBrowser.inputs(html.substring(0, html.indexOf("</form>"))).stream()
				.map(i -> (Map.Entry<String, String>) new SimpleEntry<>(i.get("name"), i.get("value"))).toList();
	}
}
