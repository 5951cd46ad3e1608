package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A patient's token (from a real standalone launch) reaches the patient's own compartment and nothing of
 * another patient, whatever the interaction; allowed requests do return the patient's data.
 */
@PortalServerTest
class PatientAccessControlTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final String SCOPE = "openid fhirUser launch/patient patient/*.rs";


	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Autowired
	FhirContext fhirContext;

	String root;
	String mine;
	String theirs;
	List<String> myObservations = new ArrayList<>();
	List<String> theirObservations = new ArrayList<>();
	RawHttp patientFhir;
	RawHttp adminFhir;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		adminFhir = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		mine = TestApps.createPatient(adminFhir, "Mine");
		theirs = TestApps.createPatient(adminFhir, "Theirs");
		for (int i = 0; i < 3; i++) {
			myObservations.add(createLab(mine, 90 + i));
			theirObservations.add(createLab(theirs, 120 + i));
		}
		String username = TestResources.unique("patient");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + mine, "Me");
		String clientId = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, SCOPE);
		patientFhir = new RawHttp(root + "/fhir", new TokenClient(root).field(token.body(), "access_token"));
	}

	private String createLab(String patientId, double value) {
		String body = fhirContext.newJsonParser().encodeResourceToString(TestResources.glucose(new Reference("Patient/" + patientId), value));
		HttpResponse<String> created = adminFhir.post("/Observation", "application/fhir+json", body);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	@Test
	void readWhenOwnRecordThenReturnedAndWhenOtherPatientThenRefused() {
		assertThat(patientFhir.get("/Patient/" + mine).statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation/" + myObservations.get(0)).statusCode()).isEqualTo(200);

		assertRefused(patientFhir.get("/Patient/" + theirs));
		assertRefused(patientFhir.get("/Observation/" + theirObservations.get(0)));
	}

	@Test
	void searchWhenNoPatientParameterThenNarrowedToOwnCompartment() {
		HttpResponse<String> response = patientFhir.get("/Observation?_count=50");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ids(response, "Observation")).containsExactlyInAnyOrderElementsOf(myObservations);
	}

	@Test
	void searchWhenOtherPatientsParameterThenNothingOfTheirsReturned() {
		HttpResponse<String> response = patientFhir.get("/Observation?patient=" + theirs);

		assertNothingOfTheirs(response);
	}

	@Test
	void includesWhenAskedThenNothingOutsideTheCompartment() {
		HttpResponse<String> revinclude = patientFhir.get("/Patient?_revinclude=Observation:subject");
		HttpResponse<String> include = patientFhir.get("/Observation?_include=Observation:subject&_count=50");

		assertThat(revinclude.statusCode()).isEqualTo(200);
		assertThat(ids(revinclude, "Observation")).containsExactlyInAnyOrderElementsOf(myObservations);
		assertNothingOfTheirs(revinclude);
		assertThat(include.statusCode()).isEqualTo(200);
		assertThat(ids(include, "Patient")).containsExactly(mine);
	}

	@Test
	void everythingWhenOwnRecordThenReturnedAndWhenOtherPatientThenRefused() {
		HttpResponse<String> own = patientFhir.get("/Patient/" + mine + "/$everything");

		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(ids(own, "Observation")).containsAll(myObservations);
		assertNothingOfTheirs(own);
		assertRefused(patientFhir.get("/Patient/" + theirs + "/$everything"));
	}

	@Test
	void historyWhenSystemOrTypeLevelThenNothingOfTheirs() {
		assertNothingOfTheirs(patientFhir.get("/_history"));
		assertNothingOfTheirs(patientFhir.get("/Observation/_history"));
	}

	@Test
	void writeWhenOnlyReadScopesThenRefused() {
		String mineLab = fhirContext.newJsonParser().encodeResourceToString(TestResources.glucose(new Reference("Patient/" + mine), 99));
		String theirLab = fhirContext.newJsonParser().encodeResourceToString(TestResources.glucose(new Reference("Patient/" + theirs), 99));

		assertThat(patientFhir.post("/Observation", "application/fhir+json", mineLab).statusCode()).isEqualTo(403);
		assertThat(patientFhir.post("/Observation", "application/fhir+json", theirLab).statusCode()).isEqualTo(403);
	}

	@Test
	void auditEventWhenPatientAsksThenRefused() {
		assertThat(patientFhir.get("/AuditEvent").statusCode()).isEqualTo(403);
	}

	private void assertRefused(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isIn(403, 404);
		assertThat(response.body()).contains("OperationOutcome");
	}

	private void assertNothingOfTheirs(HttpResponse<String> response) {
		if (response.statusCode() == 200) {
			assertThat(ids(response, "Patient")).doesNotContain(theirs);
			assertThat(ids(response, "Observation")).doesNotContainAnyElementsOf(theirObservations);
		} else {
			assertRefused(response);
		}
	}

	private List<String> ids(HttpResponse<String> response, String type) {
		Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r.fhirType().equals(type)).map(r -> r.getIdElement().getIdPart()).toList();
	}
}
