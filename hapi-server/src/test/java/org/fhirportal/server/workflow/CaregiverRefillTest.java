package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Refill requests by a caregiver (a RelatedPerson user with a proxy grant) over HTTP with real tokens: they ask for
 * a refill of their patient's active prescription in their own name, follow it, cancel it, and staff see and move
 * it on; a caregiver without a grant for the patient finds neither the prescription nor its requests.
 */
@PortalServerTest
class CaregiverRefillTest {

	private static final String CAREGIVER_SCOPES = "user/MedicationRequest.rs user/Task.crus";

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	PortalSessions sessions;
	WorkflowFixtures fixtures;
	RefillCalls refills;
	String prescriber;
	String patient;
	String prescription;
	String relatedPerson;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
		refills = new RefillCalls(sessions);
		prescriber = fixtures.practitioner();
		patient = fixtures.patientOf(prescriber);
		prescription = fixtures.prescription(patient, prescriber, MedicationRequest.MedicationRequestStatus.ACTIVE);
		relatedPerson = sessions.create(new RelatedPerson().setPatient(new Reference("Patient/" + patient)));
	}

	@Test
	void caregiverWithGrantWhenRequestingRefillThenTaskInTheirNameThatTheyFollowAndStaffSee() {
		RawHttp caregiver = sessions.caregiver(relatedPerson, CAREGIVER_SCOPES, patient);

		HttpResponse<String> response = refills.requestRefill(caregiver, prescription, "Collecting it for my mother");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Task task = sessions.parse(Task.class, response);
		String id = task.getIdElement().getIdPart();
		assertThat(task.getRequester().getReference()).isEqualTo("RelatedPerson/" + relatedPerson);
		assertThat(task.getFor().getReference()).isEqualTo("Patient/" + patient);
		assertThat(refills.read(caregiver, id).getStatus()).isEqualTo(TaskStatus.REQUESTED);
		assertThat(sessions.entries(caregiver.get("/Task?patient=" + patient), Task.class))
				.extracting(t -> t.getIdElement().getIdPart()).containsExactly(id);
		RawHttp doctor = sessions.practitioner(prescriber, "user/Task.cruds user/MedicationRequest.rs");
		assertThat(refills.move(doctor, id, TaskStatus.ACCEPTED, null).statusCode()).isEqualTo(200);
		assertThat(refills.read(caregiver, id).getStatus()).isEqualTo(TaskStatus.ACCEPTED);
	}

	@Test
	void caregiverWithGrantWhenCancellingPendingRequestThenCancelledAndAcceptingRefused() {
		RawHttp caregiver = sessions.caregiver(relatedPerson, CAREGIVER_SCOPES, patient);
		String id = refills.requested(caregiver, prescription);

		HttpResponse<String> accepting = refills.move(caregiver, id, TaskStatus.ACCEPTED, null);
		HttpResponse<String> cancelling = refills.move(caregiver, id, TaskStatus.CANCELLED, null);

		assertThat(accepting.statusCode()).isEqualTo(422);
		assertThat(accepting.body()).contains("Task.status");
		assertThat(cancelling.statusCode()).as(cancelling.body()).isEqualTo(200);
		assertThat(sessions.read(Task.class, id).getStatus()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(refills.requestRefill(caregiver, prescription, null).statusCode()).as("asking again after cancelling").isEqualTo(200);
	}

	@Test
	void caregiverWithoutGrantForThePatientWhenRequestingRefillThenNotFoundAndNoTask() {
		String other = fixtures.patientOf(prescriber);
		RawHttp caregiver = sessions.caregiver(relatedPerson, CAREGIVER_SCOPES, other); // granted another patient only

		HttpResponse<String> refused = refills.requestRefill(caregiver, prescription, null);

		assertThat(refused.statusCode()).as(refused.body()).isIn(403, 404);
		assertThat(refused.body()).contains("OperationOutcome");
		assertThat(sessions.entries(sessions.admin().get("/Task?focus=MedicationRequest/" + prescription), Task.class)).isEmpty();
	}

	@Test
	void caregiverWithoutGrantForThePatientWhenReadingOrCancellingTheirRequestThenRefused() {
		String patientsOwn = refills.requested(sessions.patient(patient, "patient/MedicationRequest.rs patient/Task.crs"), prescription);
		RawHttp caregiver = sessions.caregiver(relatedPerson, CAREGIVER_SCOPES, fixtures.patient());
		Task cancelled = sessions.read(Task.class, patientsOwn).setStatus(TaskStatus.CANCELLED);

		assertThat(caregiver.get("/Task/" + patientsOwn).statusCode()).isIn(403, 404);
		assertThat(refills.put(caregiver, cancelled).statusCode()).isIn(403, 404);
		assertThat(sessions.read(Task.class, patientsOwn).getStatus()).isEqualTo(TaskStatus.REQUESTED);
	}
}
