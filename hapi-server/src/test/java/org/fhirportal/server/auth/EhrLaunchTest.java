package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
 * An EHR launch over HTTP: the EHR's backend mints a launch value for the patient and encounter open in the EHR,
 * a clinician opens the app with it, and the token response carries that context.
 */
@PortalServerTest
class EhrLaunchTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final String SCOPE = "openid fhirUser launch user/*.rs";

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	String root;
	TokenClient tokens;
	String clientId;
	String clinician;
	String patientId;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
		clientId = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		RawHttp admin = new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds"));
		patientId = TestApps.createPatient(admin, "EhrLaunch");
		HttpResponse<String> practitioner = admin.post("/Practitioner", "application/fhir+json",
				"{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Clinician\"}]}");
		String practitionerId = URI.create(practitioner.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
		clinician = TestResources.unique("dr");
		users.save(clinician, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + practitionerId, "Dr Clinician");
	}

	@Test
	void ehrLaunchWhenEhrBindsPatientAndEncounterThenTokenCarriesThatContext() {
		HttpResponse<String> minted = mint(tokens.adminToken("system/*.rs"), "{\"patient\":\"" + patientId + "\",\"encounter\":\"enc-1\"}");
		assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);

		HttpResponse<String> token = new SmartAppLaunch(root, clientId).withLaunch(tokens.field(minted.body(), "launch"))
				.launch(clinician, PASSWORD, SCOPE);

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(tokens.field(token.body(), "patient")).isEqualTo(patientId);
		assertThat(tokens.field(token.body(), "encounter")).isEqualTo("enc-1");
		assertThat(tokens.field(token.body(), "need_patient_banner")).isEqualTo("false");
	}

	@Test
	void ehrLaunchWhenNoStyleConfiguredThenSmartStyleUrlIsTheAdvertisedFetchableJsonStyle() throws Exception {
		HttpResponse<String> minted = mint(tokens.adminToken("system/*.rs"), "{\"patient\":\"" + patientId + "\"}");

		HttpResponse<String> token = new SmartAppLaunch(root, clientId).withLaunch(tokens.field(minted.body(), "launch"))
				.launch(clinician, PASSWORD, SCOPE);
		String styleUrl = tokens.field(token.body(), "smart_style_url");
		HttpResponse<String> style = tokens.send(HttpRequest.newBuilder(URI.create(styleUrl)).header("Origin", "https://app.example").GET().build());
		HttpResponse<String> discovery = tokens.send(HttpRequest.newBuilder(URI.create(root + "/fhir/.well-known/smart-configuration")).GET().build());

		assertThat(styleUrl).isEqualTo(root + "/smart-style.json");
		assertThat(style.statusCode()).isEqualTo(200);
		assertThat(style.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(style.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		com.fasterxml.jackson.databind.JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(style.body());
		assertThat(document.path("color_highlight").asText()).matches("#[0-9a-f]{6}");
		assertThat(document.path("color_text").asText()).matches("#[0-9a-f]{6}");
		assertThat(document.path("font_family_body").asText()).isNotBlank();
		assertThat(discovery.body()).contains("\"context-style\"");
	}

	@Test
	void authorizeWhenLaunchValueUnknownThenErrorRedirectWithoutCode() {
		SmartAppLaunch app = new SmartAppLaunch(root, clientId).withLaunch("not-a-launch");

		HttpResponse<String> response = app.browser().followWithin(root, app.browser().get(app.authorizeUrl(root + "/fhir", SCOPE)));

		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(SmartAppLaunch.REDIRECT).contains("error=invalid_request").doesNotContain("code=");
	}

	@Test
	void mintWhenNoTokenOrTooNarrowOrNoPatientThenRefused() {
		assertThat(mint(null, "{\"patient\":\"1\"}").statusCode()).isEqualTo(401);
		assertThat(mint(tokens.adminToken("system/Observation.rs"), "{\"patient\":\"1\"}").statusCode()).isEqualTo(403);
		HttpResponse<String> noPatient = mint(tokens.adminToken("system/*.rs"), "{}");
		assertThat(noPatient.statusCode()).isEqualTo(400);
		assertThat(tokens.field(noPatient.body(), "error")).isEqualTo("invalid_request");
	}

	private HttpResponse<String> mint(String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/api/ehr/launch"))
				.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return tokens.send(request.build());
	}
}
