package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The life of a refill request over HTTP with real tokens: staff accept, reject (with a reason) and complete it by
 * updating the Task; the patient cancels their own pending request; every other move, a patient's change of anything
 * but the status, and a patient's own Task create are refused with an OperationOutcome naming the element; a closed
 * request no longer blocks a new one; refill Tasks that staff or an EHR create directly count as the prescription's
 * one open request too.
 */
@PortalServerTest
class RefillLifecycleTest {

	private static final String PATIENT_SCOPES = "patient/MedicationRequest.rs patient/Task.crus";
	private static final String STAFF_SCOPES = "user/Task.cruds user/MedicationRequest.rs";

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	PortalSessions sessions;
	WorkflowFixtures fixtures;
	RefillCalls refills;
	String patient;
	String prescriber;
	String prescription;
	RawHttp patientFhir;
	RawHttp doctor;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
		refills = new RefillCalls(sessions);
		prescriber = fixtures.practitioner();
		patient = fixtures.patientOf(prescriber);
		prescription = fixtures.prescription(patient, prescriber, MedicationRequest.MedicationRequestStatus.ACTIVE);
		patientFhir = sessions.patient(patient, PATIENT_SCOPES);
		doctor = sessions.practitioner(prescriber, STAFF_SCOPES);
	}

	@Test
	void patientWhenCancellingOwnPendingRequestThenCancelledAndMayAskAgain() {
		String task = refills.requested(patientFhir, prescription);

		HttpResponse<String> cancelled = refills.move(patientFhir, task, TaskStatus.CANCELLED, "Found a spare pack at home");

		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		Task stored = sessions.read(Task.class, task);
		assertThat(stored.getStatus()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(stored.getLastModified()).isAfterOrEqualTo(stored.getAuthoredOn());
		assertThat(refills.requestRefill(patientFhir, prescription, null).statusCode()).as("asking again after cancelling").isEqualTo(200);
	}

	@Test
	void patientWhenAcceptingOwnRequestThen422NamingTheStatus() {
		String task = refills.requested(patientFhir, prescription);

		HttpResponse<String> refused = refills.move(patientFhir, task, TaskStatus.ACCEPTED, null);

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("OperationOutcome").contains("Task.status").contains("may only cancel");
		assertThat(sessions.read(Task.class, task).getStatus()).isEqualTo(TaskStatus.REQUESTED);
	}

	@Test
	void patientWhenChangingFocusForOrOwnerThen422NamingTheElement() {
		String task = refills.requested(patientFhir, prescription);
		String otherPrescription = fixtures.prescription(patient, prescriber, MedicationRequest.MedicationRequestStatus.ACTIVE);
		String otherDoctor = fixtures.practitioner();

		Task focus = refills.read(patientFhir, task).setFocus(new Reference("MedicationRequest/" + otherPrescription));
		Task owner = refills.read(patientFhir, task).setOwner(new Reference("Practitioner/" + otherDoctor));
		owner.setStatus(TaskStatus.CANCELLED);
		Task requester = refills.read(patientFhir, task).setRequester(new Reference("Practitioner/" + otherDoctor));

		assertRefused(refills.put(patientFhir, focus), 422, "Task.focus");
		assertRefused(refills.put(patientFhir, owner), 422, "Task.owner");
		assertRefused(refills.put(patientFhir, requester), 422, "Task.requester");
		Task stored = sessions.read(Task.class, task);
		assertThat(stored.getStatus()).isEqualTo(TaskStatus.REQUESTED);
		assertThat(stored.getOwner().getReference()).isEqualTo("Practitioner/" + prescriber);
	}

	@Test
	void patientWhenCancellingAnAcceptedRequestThen409() {
		String task = refills.requested(patientFhir, prescription);
		assertThat(refills.move(doctor, task, TaskStatus.ACCEPTED, null).statusCode()).isEqualTo(200);

		assertRefused(refills.move(patientFhir, task, TaskStatus.CANCELLED, null), 409, "Task.status");
		assertThat(sessions.read(Task.class, task).getStatus()).isEqualTo(TaskStatus.ACCEPTED);
	}

	@Test
	void staffWhenRequestCompletedThenItNeverGoesBackAndANewRequestMayBeMade() {
		String task = refills.requested(patientFhir, prescription);
		assertThat(refills.move(doctor, task, TaskStatus.ACCEPTED, null).statusCode()).isEqualTo(200);
		assertThat(refills.move(doctor, task, TaskStatus.COMPLETED, null).statusCode()).isEqualTo(200);

		assertRefused(refills.move(doctor, task, TaskStatus.REQUESTED, null), 409, "completed");
		assertRefused(refills.move(sessions.admin(), task, TaskStatus.ACCEPTED, null), 409, "Task.status");

		assertThat(sessions.read(Task.class, task).getStatus()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(refills.requestRefill(patientFhir, prescription, null).statusCode()).as("asking again after completion").isEqualTo(200);
	}

	@Test
	void staffWhenCompletingWithoutAcceptingThen409NamingTheAllowedMoves() {
		String task = refills.requested(patientFhir, prescription);

		HttpResponse<String> refused = refills.move(doctor, task, TaskStatus.COMPLETED, null);

		assertRefused(refused, 409, "Task.status");
		assertThat(refused.body()).contains("accepted, cancelled, rejected");
	}

	@Test
	void staffWhenRejectingWithAReasonThenPatientSeesItAndMayAskAgain() {
		String task = refills.requested(patientFhir, prescription);

		assertRefused(refills.move(doctor, task, TaskStatus.REJECTED, null), 422, "Task.statusReason");
		HttpResponse<String> rejected = refills.move(doctor, task, TaskStatus.REJECTED, "A review appointment is due first.");

		assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
		Task seen = refills.read(patientFhir, task);
		assertThat(seen.getStatus()).isEqualTo(TaskStatus.REJECTED);
		assertThat(seen.getStatusReason().getText()).isEqualTo("A review appointment is due first.");
		assertThat(refills.requestRefill(patientFhir, prescription, null).statusCode()).isEqualTo(200);
	}

	@Test
	void staffWhenMovingTheRequestToAnotherPrescriptionThen422() {
		String task = refills.requested(patientFhir, prescription);
		String other = fixtures.prescription(patient, prescriber, MedicationRequest.MedicationRequestStatus.ACTIVE);

		assertRefused(refills.put(doctor, refills.read(doctor, task).setFocus(new Reference("MedicationRequest/" + other))), 422, "Task.focus");
	}

	@Test
	void practitionerWithoutCareRelationshipWhenUpdatingThenRefused() {
		String task = refills.requested(patientFhir, prescription);
		RawHttp stranger = sessions.practitioner(fixtures.practitioner(), STAFF_SCOPES);
		Task accepted = sessions.read(Task.class, task).setStatus(TaskStatus.ACCEPTED);

		assertThat(refills.put(stranger, accepted).statusCode()).isIn(403, 404);
		assertThat(sessions.read(Task.class, task).getStatus()).isEqualTo(TaskStatus.REQUESTED);
	}

	@Test
	void patientWhenCancellingAnotherPatientsRequestThenRefused() {
		String other = fixtures.patientOf(prescriber);
		String theirPrescription = fixtures.prescription(other, prescriber, MedicationRequest.MedicationRequestStatus.ACTIVE);
		String theirTask = refills.requested(sessions.patient(other, PATIENT_SCOPES), theirPrescription);
		Task cancelled = sessions.read(Task.class, theirTask).setStatus(TaskStatus.CANCELLED);

		assertThat(refills.put(patientFhir, cancelled).statusCode()).isIn(403, 404);
		assertThat(sessions.read(Task.class, theirTask).getStatus()).isEqualTo(TaskStatus.REQUESTED);
	}

	@Test
	void patientWhenCreatingARefillTaskDirectlyThen403AndNoTask() {
		Task task = new Task();
		task.setStatus(TaskStatus.ACCEPTED);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
				"http://fhirportal.org/fhir/CodeSystem/portal-task-codes", "refill-request", null)));
		task.setFocus(new Reference("MedicationRequest/" + prescription));
		task.setFor(new Reference("Patient/" + patient));

		HttpResponse<String> refused = patientFhir.post("/Task", "application/fhir+json", sessions.json(task));

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(sessions.entries(sessions.admin().get("/Task?focus=MedicationRequest/" + prescription), Task.class)).isEmpty();
	}

	@Test
	void staffWhenCreatingASecondOpenRefillTaskDirectlyThen409NamingTheFocusAndNothingStored() {
		String pending = refills.requested(patientFhir, prescription);

		HttpResponse<String> refused = doctor.post("/Task", "application/fhir+json", sessions.json(refillTask(TaskStatus.REQUESTED)));

		assertRefused(refused, 409, "Task.focus");
		assertThat(refused.body()).contains("Task/" + pending);
		assertThat(sessions.entries(sessions.admin().get("/Task?focus=MedicationRequest/" + prescription), Task.class)).hasSize(1);
	}

	@Test
	void staffWhenCreatingAnOpenRefillTaskDirectlyThenPatientWaitsUntilItIsClosed() {
		HttpResponse<String> created = doctor.post("/Task", "application/fhir+json", sessions.json(refillTask(TaskStatus.REQUESTED)));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String task = sessions.parse(Task.class, created).getIdElement().getIdPart();

		assertRefused(refills.requestRefill(patientFhir, prescription, null), 409, "pending refill request");
		assertThat(refills.move(doctor, task, TaskStatus.REJECTED, "Seen in clinic instead").statusCode()).isEqualTo(200);
		assertThat(refills.requestRefill(patientFhir, prescription, null).statusCode()).as("asking again once closed").isEqualTo(200);
	}

	@Test
	void ehrWhenPushingTwoOpenRefillTasksInOneTransactionThen409AndNeitherStored() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 2; i++) {
			bundle.addEntry().setResource(refillTask(TaskStatus.REQUESTED)).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Task");
		}

		HttpResponse<String> refused = doctor.post("", "application/fhir+json", sessions.json(bundle));

		assertRefused(refused, 409, "Task.focus");
		assertThat(sessions.entries(sessions.admin().get("/Task?focus=MedicationRequest/" + prescription), Task.class)).isEmpty();
	}

	@Test
	void staffWhenBackLoadingAClosedRefillTaskThenStoredAndPatientMayStillAsk() {
		Task completed = refillTask(TaskStatus.COMPLETED);

		HttpResponse<String> created = doctor.post("/Task", "application/fhir+json", sessions.json(completed));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(refills.requestRefill(patientFhir, prescription, null).statusCode()).isEqualTo(200);
	}

	@Test
	void staffWhenTurningAnotherTaskIntoARefillRequestThen422NamingTheCode() {
		Task other = refillTask(TaskStatus.REQUESTED).setCode(new CodeableConcept().setText("Call the patient back"));
		HttpResponse<String> created = doctor.post("/Task", "application/fhir+json", sessions.json(other));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Task stored = sessions.parse(Task.class, created);

		assertRefused(refills.put(doctor, stored.setCode(refillTask(TaskStatus.REQUESTED).getCode())), 422, "Task.code");
		assertThat(refills.requestRefill(patientFhir, prescription, null).statusCode()).isEqualTo(200);
	}

	/** A refill request Task for the test's prescription, as an EHR or a member of staff would write it. */
	private Task refillTask(TaskStatus status) {
		Task task = new Task();
		task.setStatus(status);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
				"http://fhirportal.org/fhir/CodeSystem/portal-task-codes", "refill-request", "Medication refill request")));
		task.setAuthoredOn(new java.util.Date());
		task.setFocus(new Reference("MedicationRequest/" + prescription));
		task.setFor(new Reference("Patient/" + patient));
		task.setRequester(new Reference("Patient/" + patient));
		task.setOwner(new Reference("Practitioner/" + prescriber));
		return task;
	}

	private static void assertRefused(HttpResponse<String> response, int status, String named) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains("OperationOutcome").contains(named);
	}
}
