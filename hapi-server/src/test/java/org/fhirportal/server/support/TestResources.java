package org.fhirportal.server.support;

import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/** Small builders for the resources the server tests write; every call gets unique identifiers. */
public final class TestResources {

	public static final String MRN_SYSTEM = "urn:fhirportal:test:mrn";
	public static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";

	private TestResources() {}

	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static Patient patient(String family) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(MRN_SYSTEM).setValue(unique("mrn"));
		patient.addName().setFamily(family).addGiven("Test");
		patient.setGender(AdministrativeGender.FEMALE);
		return patient;
	}

	public static Observation glucose(Reference subject, double value) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "laboratory", "Laboratory")));
		observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "2345-7", "Glucose")));
		observation.setSubject(subject);
		observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date()));
		observation.setValue(new Quantity().setValue(value).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));
		return observation;
	}

	public static Appointment bookedAppointment(Reference patient, Date start) {
		Appointment appointment = new Appointment();
		appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
		appointment.setStart(start);
		appointment.setEnd(new Date(start.getTime() + 30 * 60_000));
		appointment.addParticipant()
				.setActor(patient)
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		return appointment;
	}

	public static Communication message(Reference from, Reference to, String text) {
		Communication communication = new Communication();
		communication.setStatus(Communication.CommunicationStatus.COMPLETED);
		communication.setSubject(from.getReference().startsWith("Patient/") ? from : to);
		communication.setSender(from);
		communication.addRecipient(to);
		communication.setSent(new Date());
		communication.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(text));
		return communication;
	}
}
