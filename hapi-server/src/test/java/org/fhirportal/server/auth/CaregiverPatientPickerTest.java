package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.ProxyGrants;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestBrowser;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A caregiver's standalone launch of an app asking for {@code launch/patient}: they pick one of the patients
 * they hold a proxy grant in force for (or, with a single grant, that patient is picked for them), the token's
 * {@code patient} is that patient, and the FHIR endpoint serves that patient's record only. A patient outside
 * their grants cannot be picked, listed or forged into the pick.
 */
@PortalServerTest
class CaregiverPatientPickerTest {

	static final String PASSWORD = "correct horse battery staple";
	static final String SCOPE = "openid fhirUser launch/patient patient/*.rs";

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Autowired
	ProxyGrants grants;

	String root;
	RawHttp admin;
	String family;
	String grantedA;
	String grantedB;
	String notGranted;
	String caregiver;
	String clientId;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		admin = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		family = "Carer" + TestResources.unique("x").substring(2);
		grantedA = TestApps.createPatient(admin, family + "A");
		grantedB = TestApps.createPatient(admin, family + "B");
		notGranted = TestApps.createPatient(admin, family + "C");
		caregiver = TestResources.unique("carer");
		String relatedPerson = created(admin.post("/RelatedPerson", "application/fhir+json",
				"{\"resourceType\":\"RelatedPerson\",\"patient\":{\"reference\":\"Patient/" + grantedA + "\"}}"));
		users.save(caregiver, PASSWORD, PortalRole.RELATED_PERSON, "RelatedPerson/" + relatedPerson, "Carer");
		clientId = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
	}

	@Test
	void standaloneLaunchWhenCaregiverPicksOneOfTwoGrantedPatientsThenTokenReadsThatPatientOnly() {
		grant(grantedA);
		grant(grantedB);
		String labB = created(admin.post("/Observation", "application/fhir+json", json(TestResources.glucose(new Reference("Patient/" + grantedB), 99))));
		SmartAppLaunch app = new SmartAppLaunch(root, clientId);

		HttpResponse<String> picker = app.signInToConsent(caregiver, PASSWORD, SCOPE);
		assertThat(picker.uri().getPath()).isEqualTo("/oauth2/patient-picker");
		assertThat(picker.body()).contains("value=\"" + grantedA + "\"", "value=\"" + grantedB + "\"", family + "B")
				.doesNotContain(notGranted);
		assertThat(app.browser().get(picker.uri() + "&name=" + URLEncoder.encode(family, StandardCharsets.UTF_8)).body())
				.doesNotContain(notGranted);
		HttpResponse<String> token = pickAndConsent(app, picker.body(), grantedB);

		TokenClient json = new TokenClient(root);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(json.field(token.body(), "patient")).isEqualTo(grantedB);
		assertThat(json.field(token.body(), "need_patient_banner")).isEqualTo("true");
		RawHttp fhir = new RawHttp(root + "/fhir", json.field(token.body(), "access_token"));
		assertThat(fhir.get("/Patient/" + grantedB).statusCode()).isEqualTo(200);
		assertThat(fhir.get("/Observation/" + labB).statusCode()).isEqualTo(200);
		assertThat(fhir.get("/Patient/" + grantedA).statusCode()).isEqualTo(404); // granted, but not the picked patient
		assertThat(fhir.get("/Patient/" + notGranted).statusCode()).isEqualTo(404);
	}

	@Test
	void standaloneLaunchWhenCaregiverHoldsOneGrantInForceThenThatPatientPickedWithoutAsking() {
		grant(grantedA);
		grants.revoke(grant(grantedB));
		SmartAppLaunch app = new SmartAppLaunch(root, clientId);

		HttpResponse<String> consent = app.signInToConsent(caregiver, PASSWORD, SCOPE);
		assertThat(consent.uri().getPath()).isEqualTo("/oauth2/consent");
		HttpResponse<String> token = allow(app, consent.body());

		TokenClient json = new TokenClient(root);
		assertThat(json.field(token.body(), "patient")).isEqualTo(grantedA);
		RawHttp fhir = new RawHttp(root + "/fhir", json.field(token.body(), "access_token"));
		assertThat(fhir.get("/Patient/" + grantedA).statusCode()).isEqualTo(200);
		assertThat(fhir.get("/Patient/" + grantedB).statusCode()).isEqualTo(404);
	}

	@Test
	void pickWhenPatientNotGrantedOrGrantRevokedThenRefusedAndPickStillOpen() {
		grant(grantedA);
		grant(grantedB);
		String revoked = TestApps.createPatient(admin, family + "D");
		grants.revoke(grant(revoked));
		SmartAppLaunch app = new SmartAppLaunch(root, clientId);
		HttpResponse<String> picker = app.signInToConsent(caregiver, PASSWORD, SCOPE);

		assertThat(app.browser().postForm(root + "/oauth2/patient-picker", pickFields(picker.body(), notGranted)).statusCode()).isEqualTo(400);
		assertThat(app.browser().postForm(root + "/oauth2/patient-picker", pickFields(picker.body(), revoked)).statusCode()).isEqualTo(400);
		assertThat(app.browser().get(root + "/oauth2/consent?" + picker.uri().getRawQuery()).headers().firstValue("Location"))
				.hasValueSatisfying(location -> assertThat(location).contains("/oauth2/patient-picker"));
	}

	@Test
	void pickWhenPatientAlreadyPickedThenAnotherPickRefusedAndTokenKeepsTheFirst() {
		grant(grantedA);
		grant(grantedB);
		SmartAppLaunch app = new SmartAppLaunch(root, clientId);
		HttpResponse<String> picker = app.signInToConsent(caregiver, PASSWORD, SCOPE);
		HttpResponse<String> consent = app.browser().followWithin(root,
				app.browser().postForm(root + "/oauth2/patient-picker", pickFields(picker.body(), grantedA)));

		HttpResponse<String> second = app.browser().postForm(root + "/oauth2/patient-picker", pickFields(picker.body(), notGranted));
		HttpResponse<String> token = allow(app, consent.body());

		assertThat(second.statusCode()).isEqualTo(400);
		TokenClient json = new TokenClient(root);
		assertThat(json.field(token.body(), "patient")).isEqualTo(grantedA);
		assertThat(new RawHttp(root + "/fhir", json.field(token.body(), "access_token")).get("/Patient/" + notGranted).statusCode())
				.isEqualTo(404);
	}

	@Test
	void relaunchWhenCaregiverApprovedTheAppBeforeThenPickerShownAgain() {
		grant(grantedA);
		grant(grantedB);
		SmartAppLaunch first = new SmartAppLaunch(root, clientId);
		pickAndConsent(first, first.signInToConsent(caregiver, PASSWORD, SCOPE).body(), grantedA);
		SmartAppLaunch second = new SmartAppLaunch(root, clientId);

		HttpResponse<String> picker = second.signInToConsent(caregiver, PASSWORD, SCOPE);
		assertThat(picker.uri().getPath()).isEqualTo("/oauth2/patient-picker");
		HttpResponse<String> token = pickAndConsent(second, picker.body(), grantedB);

		assertThat(new TokenClient(root).field(token.body(), "patient")).isEqualTo(grantedB);
	}

	private String grant(String patient) {
		return grants.grant(caregiver, patient, null, Optional.empty(), "test").id();
	}

	private HttpResponse<String> pickAndConsent(SmartAppLaunch app, String pickerPage, String patient) {
		HttpResponse<String> consent = app.browser().followWithin(root,
				app.browser().postForm(root + "/oauth2/patient-picker", pickFields(pickerPage, patient)));
		assertThat(consent.uri().getPath()).as(consent.body()).isEqualTo("/oauth2/consent");
		return allow(app, consent.body());
	}

	private HttpResponse<String> allow(SmartAppLaunch app, String consentPage) {
		HttpResponse<String> redirect = app.browser().postForm(root + "/oauth2/authorize", firstForm(consentPage));
		String code = SmartAppLaunch.query(URI.create(redirect.headers().firstValue("Location").orElseThrow()), "code");
		return app.exchange(code, app.verifier());
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

	private static String json(org.hl7.fhir.r4.model.Resource resource) {
		return ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource);
	}

	private static String created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return URI.create(response.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}
}
