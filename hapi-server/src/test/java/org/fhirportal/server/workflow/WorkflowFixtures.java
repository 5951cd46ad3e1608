package org.fhirportal.server.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

/** Data of the workflow tests, written by the EHR side (admin token); every call makes new resources. */
public final class WorkflowFixtures {

	static final String SERVICE_TYPES = "http://terminology.hl7.org/CodeSystem/service-type";

	private final PortalSessions sessions;

	public WorkflowFixtures(PortalSessions sessions) {
		this.sessions = sessions;
	}

	public String patient() {
		return sessions.create(TestResources.patient(TestResources.unique("Patient")));
	}

	/** A patient whose general practitioner is the given practitioner. */
	String patientOf(String practitionerId) {
		org.hl7.fhir.r4.model.Patient patient = TestResources.patient(TestResources.unique("Patient"));
		patient.addGeneralPractitioner(new Reference("Practitioner/" + practitionerId));
		return sessions.create(patient);
	}

	public String practitioner() {
		Practitioner practitioner = new Practitioner();
		practitioner.addIdentifier().setSystem("urn:fhirportal:test:staff").setValue(TestResources.unique("dr"));
		practitioner.addName().setFamily(TestResources.unique("Careful")).addGiven("Adam").addPrefix("Dr");
		return sessions.create(practitioner);
	}

	public String schedule(String practitionerId) {
		Schedule schedule = new Schedule();
		schedule.setActive(true);
		schedule.addActor(new Reference("Practitioner/" + practitionerId));
		return sessions.create(schedule);
	}

	/** Free 30-minute slots of the schedule, the first starting {@code from} now, one a day. */
	public List<String> freeSlots(String scheduleId, Duration from, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(slot(scheduleId, Instant.now().plus(from).plus(Duration.ofDays(i)), Slot.SlotStatus.FREE));
		}
		return ids;
	}

	String slot(String scheduleId, Instant start, Slot.SlotStatus status) {
		Slot slot = new Slot();
		slot.setSchedule(new Reference("Schedule/" + scheduleId));
		slot.setStatus(status);
		slot.addServiceType(new CodeableConcept(new Coding(SERVICE_TYPES, "124", "General Practice")));
		slot.setStart(Date.from(start));
		slot.setEnd(Date.from(start.plus(Duration.ofMinutes(30))));
		return sessions.create(slot);
	}

	String prescription(String patientId, String prescriberId, MedicationRequest.MedicationRequestStatus status) {
		MedicationRequest request = new MedicationRequest();
		request.setStatus(status);
		request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		request.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "860975",
				"24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet")));
		request.setSubject(new Reference("Patient/" + patientId));
		request.setRequester(new Reference("Practitioner/" + prescriberId));
		request.setAuthoredOn(new Date());
		return sessions.create(request);
	}
}
