package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Release of results with laboratory results held (portal.release.held-categories): a held result is invisible to
 * the patient's token in reads, searches, search totals, counts, includes and $everything, while vital signs are
 * released at once; a clinician's $release makes it (and a report's results) visible; patients cannot release; the
 * EHR's later updates keep a held result held and a released one released.
 */
@PortalServerTest(properties = {
		"portal.release.held-categories=" + ReleaseOfResultsTest.LAB + "," + ReleaseOfResultsTest.REPORT_LAB,
		"portal.messaging.max-attachment-size=64KB"})
class ReleaseOfResultsTest {

	static final String LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
	static final String REPORT_LAB = "http://terminology.hl7.org/CodeSystem/v2-0074|LAB";
	private static final String PATIENT_SCOPES = "patient/Observation.rs patient/DiagnosticReport.rs patient/Patient.rs";

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	PortalSessions sessions;
	WorkflowFixtures fixtures;
	String patient;
	String vital;
	String lab;
	RawHttp patientFhir;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
		patient = fixtures.patient();
		vital = sessions.create(vitalSign(patient));
		lab = sessions.create(TestResources.glucose(new Reference("Patient/" + patient), 180));
		patientFhir = sessions.patient(patient, PATIENT_SCOPES);
	}

	@Test
	void heldLabWhenPatientReadsOrSearchesThenInvisibleAndNotCounted() {
		HttpResponse<String> search = patientFhir.get("/Observation?_count=50&_total=accurate");
		HttpResponse<String> count = patientFhir.get("/Observation?_summary=count");
		HttpResponse<String> revinclude = patientFhir.get("/Patient?_id=" + patient + "&_revinclude=Observation:subject");
		HttpResponse<String> everything = patientFhir.get("/Patient/" + patient + "/$everything");

		assertThat(patientFhir.get("/Observation/" + lab).statusCode()).isIn(403, 404);
		assertThat(ids(search, Observation.class)).containsExactly(vital);
		assertThat(sessions.parse(Bundle.class, search).getTotal()).isEqualTo(1);
		assertThat(sessions.parse(Bundle.class, count).getTotal()).isEqualTo(1);
		assertThat(ids(revinclude, Observation.class)).containsExactly(vital);
		assertThat(ids(everything, Observation.class)).containsExactly(vital);
		assertThat(sessions.read(Observation.class, lab).getIdElement().getIdPart()).as("staff still see it").isEqualTo(lab);
	}

	@Test
	void releaseWhenClinicianReleasesThenPatientSeesTheResult() {
		HttpResponse<String> released = sessions.admin().post("/Observation/" + lab + "/$release", "application/fhir+json", "{\"resourceType\":\"Parameters\"}");

		assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation/" + lab).statusCode()).isEqualTo(200);
		HttpResponse<String> search = patientFhir.get("/Observation?_count=50&_total=accurate");
		assertThat(ids(search, Observation.class)).containsExactlyInAnyOrder(vital, lab);
		assertThat(sessions.parse(Bundle.class, search).getTotal()).isEqualTo(2);
	}

	@Test
	void releaseWhenReportReleasedThenItsResultsAreReleasedToo() {
		String result = sessions.create(TestResources.glucose(new Reference("Patient/" + patient), 99));
		DiagnosticReport report = new DiagnosticReport();
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")));
		report.setCode(new CodeableConcept(new Coding("http://loinc.org", "24323-8", "Comprehensive metabolic panel")));
		report.setSubject(new Reference("Patient/" + patient));
		report.addResult(new Reference("Observation/" + result));
		String reportId = sessions.create(report);
		assertThat(patientFhir.get("/DiagnosticReport/" + reportId).statusCode()).isIn(403, 404);

		HttpResponse<String> released = sessions.admin().post("/DiagnosticReport/" + reportId + "/$release", "application/fhir+json", "{\"resourceType\":\"Parameters\"}");

		assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
		assertThat(patientFhir.get("/DiagnosticReport/" + reportId).statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation/" + result).statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation/" + lab).statusCode()).as("other results stay held").isIn(403, 404);
	}

	@Test
	void releaseWhenPatientTriesThenForbidden() {
		HttpResponse<String> refused = patientFhir.post("/Observation/" + lab + "/$release", "application/fhir+json", "{\"resourceType\":\"Parameters\"}");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(patientFhir.get("/Observation/" + lab).statusCode()).isIn(403, 404);
	}

	@Test
	void heldLabWhenEhrUpdatesItThenItStaysHeldEvenIfTheLabelsAreReplaced() {
		Observation corrected = sessions.read(Observation.class, lab);
		corrected.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(181).setUnit("mg/dL"));
		assertThat(put(corrected).statusCode()).isEqualTo(200);
		corrected = sessions.read(Observation.class, lab);
		corrected.getMeta().getSecurity().clear();
		corrected.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(182).setUnit("mg/dL"));

		HttpResponse<String> replaced = put(corrected, "X-Meta-Snapshot-Mode", "SECURITY_LABEL");

		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation/" + lab).statusCode()).isIn(403, 404);
		assertThat(ids(patientFhir.get("/Observation?_count=50"), Observation.class)).containsExactly(vital);
		Observation stored = sessions.read(Observation.class, lab);
		assertThat(stored.getValueQuantity().getValue().intValue()).isEqualTo(182);
		assertThat(stored.getMeta().getSecurity()).extracting(Coding::getCode).contains("held");
	}

	@Test
	void releasedLabWhenEhrUpdatesItFromACopyReadBeforeTheReleaseThenItStaysReleased() {
		Observation readBeforeRelease = sessions.read(Observation.class, lab);
		assertThat(readBeforeRelease.getMeta().getSecurity()).extracting(Coding::getCode).contains("held");
		assertThat(sessions.admin().post("/Observation/" + lab + "/$release", "application/fhir+json", "{\"resourceType\":\"Parameters\"}")
				.statusCode()).isEqualTo(200);
		readBeforeRelease.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(175).setUnit("mg/dL"));

		HttpResponse<String> updated = put(readBeforeRelease);

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		HttpResponse<String> seen = patientFhir.get("/Observation/" + lab);
		assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
		assertThat(sessions.parse(Observation.class, seen).getValueQuantity().getValue().intValue()).isEqualTo(175);
		assertThat(ids(patientFhir.get("/Observation?_count=50"), Observation.class)).containsExactlyInAnyOrder(vital, lab);
	}

	/** The EHR (admin token) replaces the result. */
	private HttpResponse<String> put(Observation observation, String... headers) {
		java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
						java.net.URI.create(sessions.root() + "/fhir/Observation/" + observation.getIdElement().getIdPart()))
				.header("Content-Type", "application/fhir+json")
				.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(sessions.json(observation)));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return sessions.admin().send(request.build());
	}

	static Observation vitalSign(String patientId) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory(new CodeableConcept(new Coding(TestResources.CATEGORY_SYSTEM, "vital-signs", "Vital Signs")));
		observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
		observation.setSubject(new Reference("Patient/" + patientId));
		observation.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(72).setUnit("/min"));
		return observation;
	}

	private <T extends Resource> List<String> ids(HttpResponse<String> response, Class<T> type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return sessions.entries(response, type).stream().map(r -> r.getIdElement().getIdPart()).toList();
	}
}
