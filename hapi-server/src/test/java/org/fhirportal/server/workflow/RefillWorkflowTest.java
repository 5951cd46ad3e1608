package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.ig.PortalConformance;
import org.fhirportal.server.ig.PortalProfileValidatingInterceptor;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Refill requests over HTTP with real tokens: a patient asks for a refill of an active prescription of their own
 * record and follows the Task; staff move it on; a second pending request, an inactive prescription, another
 * patient's prescription and a token without Task scopes are refused.
 */
@PortalServerTest
class RefillWorkflowTest {

	private static final String PATIENT_SCOPES = "patient/MedicationRequest.rs patient/Task.crs";

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;
	@Autowired
	PortalProfileValidatingInterceptor validation;

	PortalSessions sessions;
	WorkflowFixtures fixtures;
	String patient;
	String prescriber;
	String prescription;
	RawHttp patientFhir;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
		prescriber = fixtures.practitioner();
		patient = fixtures.patientOf(prescriber); // the prescriber is in a care relationship (GP) with the patient
		prescription = fixtures.prescription(patient, prescriber, MedicationRequest.MedicationRequestStatus.ACTIVE);
		patientFhir = sessions.patient(patient, PATIENT_SCOPES);
	}

	@Test
	void requestRefillWhenActiveOwnPrescriptionThenRequestedTaskOwnedByThePrescriber() {
		HttpResponse<String> response = requestRefill(patientFhir, prescription, "Same pharmacy, please");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Task task = sessions.parse(Task.class, response);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(task.getFocus().getReference()).isEqualTo("MedicationRequest/" + prescription);
		assertThat(task.getFor().getReference()).isEqualTo("Patient/" + patient);
		assertThat(task.getOwner().getReference()).isEqualTo("Practitioner/" + prescriber);
		assertThat(task.getNoteFirstRep().getText()).isEqualTo("Same pharmacy, please");
		assertThat(PortalConformance.problems(validation, sessions.read(Task.class, task.getIdElement().getIdPart()))).isEmpty();
		assertThat(patientFhir.get("/Task/" + task.getIdElement().getIdPart()).statusCode()).as("the patient follows the request").isEqualTo(200);
	}

	@Test
	void requestRefillWhenOneIsPendingThen409UntilStaffCloseIt() {
		String first = sessions.parse(Task.class, requestRefill(patientFhir, prescription, null)).getIdElement().getIdPart();

		HttpResponse<String> second = requestRefill(patientFhir, prescription, null);

		assertThat(second.statusCode()).isEqualTo(409);
		assertThat(second.body()).contains("OperationOutcome").contains("pending");

		Task rejected = sessions.read(Task.class, first);
		rejected.setStatus(Task.TaskStatus.REJECTED);
		rejected.setStatusReason(new CodeableConcept().setText("A review appointment is due first."));
		assertThat(put(sessions.admin(), rejected).statusCode()).isEqualTo(200);

		assertThat(requestRefill(patientFhir, prescription, null).statusCode()).as("asking again after a rejection").isEqualTo(200);
	}

	@Test
	void staffWhenTheyMoveTheRequestOnThenThePatientSeesItsStatus() {
		String taskId = sessions.parse(Task.class, requestRefill(patientFhir, prescription, null)).getIdElement().getIdPart();
		RawHttp doctor = sessions.practitioner(prescriber, "user/Task.cruds user/MedicationRequest.rs");

		Task task = sessions.parse(Task.class, doctor.get("/Task/" + taskId));
		task.setStatus(Task.TaskStatus.ACCEPTED);
		assertThat(put(doctor, task).statusCode()).isEqualTo(200);
		task = sessions.parse(Task.class, doctor.get("/Task/" + taskId));
		task.setStatus(Task.TaskStatus.COMPLETED);
		assertThat(put(doctor, task).statusCode()).isEqualTo(200);

		assertThat(sessions.parse(Task.class, patientFhir.get("/Task/" + taskId)).getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
	}

	@Test
	void staffWhenRejectingWithoutReasonThen422() {
		String taskId = sessions.parse(Task.class, requestRefill(patientFhir, prescription, null)).getIdElement().getIdPart();
		Task task = sessions.read(Task.class, taskId);
		task.setStatus(Task.TaskStatus.REJECTED);

		assertThat(put(sessions.admin(), task).statusCode()).isEqualTo(422);
	}

	@Test
	void requestRefillWhenPrescriptionNotActiveThen422NamingIt() {
		String stopped = fixtures.prescription(patient, prescriber, MedicationRequest.MedicationRequestStatus.STOPPED);

		HttpResponse<String> refused = requestRefill(patientFhir, stopped, null);

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("Parameter 'id'").contains("only active prescriptions");
	}

	@Test
	void requestRefillWhenAnotherPatientsPrescriptionThenNotFoundAndNoTask() {
		String other = fixtures.patient();
		String theirs = fixtures.prescription(other, prescriber, MedicationRequest.MedicationRequestStatus.ACTIVE);

		HttpResponse<String> refused = requestRefill(patientFhir, theirs, null);

		assertThat(refused.statusCode()).isIn(403, 404);
		assertThat(sessions.entries(sessions.admin().get("/Task?focus=MedicationRequest/" + theirs), Task.class)).isEmpty();
	}

	@Test
	void requestRefillWhenNoteTooLongThen400NamingIt() {
		HttpResponse<String> refused = requestRefill(patientFhir, prescription, "x".repeat(2001));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("Parameter 'note'");
	}

	@Test
	void requestRefillWhenTokenCannotCreateTasksThen403() {
		RawHttp readOnly = sessions.patient(patient, "patient/MedicationRequest.rs");

		assertThat(requestRefill(readOnly, prescription, null).statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> requestRefill(RawHttp who, String medicationRequest, String note) {
		Parameters parameters = new Parameters();
		if (note != null) {
			parameters.addParameter("note", new StringType(note));
		}
		return who.post("/MedicationRequest/" + medicationRequest + "/$request-refill", "application/fhir+json", sessions.json(parameters));
	}

	private HttpResponse<String> put(RawHttp who, Task task) {
		String id = task.getIdElement().getIdPart();
		return who.send(HttpRequest.newBuilder(URI.create(sessions.root() + "/fhir/Task/" + id))
				.header("Content-Type", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(sessions.json(task))).build());
	}
}
