package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
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
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Caregivers, practitioners, granular scopes, paging and hidden existence on the assembled server, with real
 * tokens from real launches: each principal reaches exactly its own patients, and allowed requests return data.
 */
@PortalServerTest
class AccessReachTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final String CATEGORY = TestResources.CATEGORY_SYSTEM;

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Autowired
	FhirContext fhirContext;

	String root;
	RawHttp adminFhir;
	TokenClient tokens;
	String a;
	String b;
	String c;
	String labA;
	String vitalA;
	String labB;
	String labC;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
		adminFhir = new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds"));
		a = create(TestResources.patient("Alpha"));
		b = create(TestResources.patient("Beta"));
		c = create(TestResources.patient("Gamma"));
		labA = create(TestResources.glucose(new Reference("Patient/" + a), 101));
		vitalA = create(vital(a));
		labB = create(TestResources.glucose(new Reference("Patient/" + b), 102));
		labC = create(TestResources.glucose(new Reference("Patient/" + c), 103));
	}

	@Test
	void caregiverWhenGrantedTwoPatientsThenReachesBothAndLosesOneAtRevocation() {
		String relatedPerson = create(new org.hl7.fhir.r4.model.RelatedPerson().setPatient(new Reference("Patient/" + a)));
		String username = TestResources.unique("carer");
		users.save(username, PASSWORD, PortalRole.RELATED_PERSON, "RelatedPerson/" + relatedPerson, "Carer");
		assertThat(grant(username, a).statusCode()).isEqualTo(201);
		HttpResponse<String> grantB = grant(username, b);
		assertThat(grantB.statusCode()).isEqualTo(201);
		RawHttp caregiver = launch(username, "openid fhirUser user/*.rs");

		assertThat(caregiver.get("/Observation/" + labA).statusCode()).isEqualTo(200);
		assertThat(caregiver.get("/Observation/" + labB).statusCode()).isEqualTo(200);
		assertNotFound(caregiver.get("/Observation/" + labC));
		HttpResponse<String> search = caregiver.get("/Observation?_count=100");
		assertThat(search.statusCode()).isEqualTo(200);
		assertThat(ids(search, "Observation")).contains(labA, labB).doesNotContain(labC);

		HttpResponse<String> revoked = tokens.send(HttpRequest.newBuilder(URI.create(root + "/api/admin/proxy-grants/"
				+ tokens.field(grantB.body(), "id"))).header("Authorization", "Bearer " + tokens.adminToken("user.admin")).DELETE().build());

		assertThat(revoked.statusCode()).isEqualTo(204);
		assertNotFound(caregiver.get("/Observation/" + labB));
		assertThat(caregiver.get("/Observation/" + labA).statusCode()).isEqualTo(200);
	}

	@Test
	void grantWhenNotAdministratorOrNotCaregiverThenRefused() {
		String patientUser = TestResources.unique("patient");
		users.save(patientUser, PASSWORD, PortalRole.PATIENT, "Patient/" + a, null);

		assertThat(grant(patientUser, b).statusCode()).isEqualTo(400);
		assertThat(post("/api/admin/proxy-grants", tokens.adminToken("system/*.rs"), "{\"username\":\"x\",\"patient\":\"" + a + "\"}")
				.statusCode()).isEqualTo(403);
	}

	@Test
	void practitionerWhenCareRelationshipPolicyThenGeneralPractitionerAndEncounterPatientsOnly() {
		String practitioner = create(new org.hl7.fhir.r4.model.Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Doc")));
		Patient alpha = read(Patient.class, "Patient/" + a);
		alpha.addGeneralPractitioner(new Reference("Practitioner/" + practitioner));
		adminFhir.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient/" + a)).header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(alpha))).build());
		Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("Patient/" + b));
		visit.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
		visit.addParticipant().setIndividual(new Reference("Practitioner/" + practitioner));
		create(visit);
		String username = TestResources.unique("doc");
		users.save(username, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + practitioner, "Doc");
		RawHttp doctor = launch(username, "openid fhirUser user/*.rs");

		assertThat(doctor.get("/Observation/" + labA).statusCode()).isEqualTo(200);
		assertThat(doctor.get("/Observation/" + labB).statusCode()).isEqualTo(200);
		assertNotFound(doctor.get("/Observation/" + labC));
		assertNotFound(doctor.get("/Patient/" + c));
	}

	@Test
	void granularScopeWhenLaboratoryOnlyThenVitalSignsNeverReturned() {
		RawHttp patient = patientToken(a, "openid fhirUser patient/Observation.rs?category=" + CATEGORY + "|laboratory");

		assertThat(patient.get("/Observation/" + labA).statusCode()).isEqualTo(200);
		assertNotFound(patient.get("/Observation/" + vitalA));
		HttpResponse<String> search = patient.get("/Observation?_count=100");
		if (search.statusCode() == 200) {
			assertThat(ids(search, "Observation")).contains(labA).doesNotContain(vitalA, labB);
		} else {
			assertThat(search.statusCode()).isEqualTo(403);
		}
	}

	@Test
	void readWhenOtherPatientsResourceThenAnsweredExactlyAsAMissingOne() {
		RawHttp patient = patientToken(a, "openid fhirUser patient/*.rs");

		HttpResponse<String> theirs = patient.get("/Observation/" + labB);
		HttpResponse<String> missing = patient.get("/Observation/999999999");

		assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
		assertThat(theirs.body().replace(labB, "ID")).isEqualTo(missing.body().replace("999999999", "ID"));
	}

	@Test
	void pageWhenFetchedByAnotherUserThenRefusedAndByTheSearcherReturned() {
		for (int i = 0; i < 4; i++) {
			create(TestResources.glucose(new Reference("Patient/" + a), 110 + i));
		}
		RawHttp mine = patientToken(a, "openid fhirUser patient/*.rs");
		RawHttp other = patientToken(b, "openid fhirUser patient/*.rs");
		HttpResponse<String> first = mine.get("/Observation?_count=2");
		String next = fhirContext.newJsonParser().parseResource(Bundle.class, first.body()).getLink("next").getUrl();
		String path = next.substring(next.indexOf("/fhir") + "/fhir".length());

		HttpResponse<String> stolen = other.get(path);
		HttpResponse<String> own = mine.get(path);

		assertThat(stolen.statusCode()).isEqualTo(410);
		assertThat(stolen.body()).contains("OperationOutcome").doesNotContain(labA);
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(ids(own, "Observation")).isNotEmpty();
	}

	@Test
	void writeWhenPatientCreatesPortalMessageThenAllowedAndClinicalResultRefused() {
		RawHttp patient = patientToken(a, "openid fhirUser patient/*.cruds");
		String message = fhirContext.newJsonParser().encodeResourceToString(
				TestResources.message(new Reference("Patient/" + a), new Reference("Patient/" + a), "Hello doctor"));
		String result = fhirContext.newJsonParser().encodeResourceToString(TestResources.glucose(new Reference("Patient/" + a), 50));
		String foreign = fhirContext.newJsonParser().encodeResourceToString(
				TestResources.message(new Reference("Patient/" + b), new Reference("Patient/" + b), "Not mine"));

		assertThat(patient.post("/Observation", "application/fhir+json", result).statusCode()).isEqualTo(403);
		assertThat(patient.post("/Communication", "application/fhir+json", foreign).statusCode()).isEqualTo(403);
		HttpResponse<String> own = patient.post("/Communication", "application/fhir+json", message);
		assertThat(own.statusCode()).as(own.body()).isIn(201, 422);
	}

	private RawHttp patientToken(String patientId, String scope) {
		String username = TestResources.unique("patient");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, null);
		return launch(username, scope);
	}

	private RawHttp launch(String username, String scope) {
		String clientId = TestApps.registerPublicApp(root, List.of(scope.split(" ")));
		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, scope);
		return new RawHttp(root + "/fhir", tokens.field(token.body(), "access_token"));
	}

	private HttpResponse<String> grant(String username, String patientId) {
		return post("/api/admin/proxy-grants", tokens.adminToken("user.admin"),
				"{\"username\":\"" + username + "\",\"patient\":\"" + patientId + "\"}");
	}

	private HttpResponse<String> post(String path, String token, String json) {
		return tokens.send(HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)).build());
	}

	private String create(Resource resource) {
		HttpResponse<String> created = adminFhir.post("/" + resource.fhirType(), "application/fhir+json",
				fhirContext.newJsonParser().encodeResourceToString(resource));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	private <T extends Resource> T read(Class<T> type, String path) {
		return fhirContext.newJsonParser().parseResource(type, adminFhir.get("/" + path).body());
	}

	private static Observation vital(String patientId) {
		Observation observation = TestResources.glucose(new Reference("Patient/" + patientId), 70);
		observation.getCategoryFirstRep().getCodingFirstRep().setCode("vital-signs").setDisplay("Vital Signs");
		observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
		return observation;
	}

	private static void assertNotFound(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
		assertThat(response.body()).contains("OperationOutcome");
	}

	private List<String> ids(HttpResponse<String> response, String type) {
		Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r.fhirType().equals(type)).map(r -> r.getIdElement().getIdPart()).toList();
	}
}
