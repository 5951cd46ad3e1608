package org.fhirportal.extensions.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class EngagementFactsTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
	private static final Instant ISSUED = Instant.parse("2026-02-27T08:30:00.123Z");

	@Test
	void patientGivesCohortAttributesWithPartialBirthDateAsFirstDay() {
		Patient patient = new Patient().setGender(AdministrativeGender.FEMALE).setManagingOrganization(new Reference("Organization/7"));
		patient.setBirthDateElement(new DateType("1980-05"));
		patient.addGeneralPractitioner(new Reference("Organization/7")).addGeneralPractitioner(new Reference("Practitioner/3"));
		patient.setId("Patient/12");

		assertThat(EngagementFacts.patient(patient)).contains(
				new EngagementTables.PatientRow("12", LocalDate.of(1980, 5, 1), "female", "Organization/7", "Practitioner/3"));
	}

	@Test
	void laboratoryReportWithIssuedIsALabResult() {
		DiagnosticReport report = lab("LAB");

		assertThat(EngagementFacts.fact(report, false, NOW)).contains(
				new EngagementTables.ResourceRow("DiagnosticReport/5", "lab", "12", ISSUED, false, null));
	}

	@Test
	void imagingReportIsNoLabResult() {
		assertThat(EngagementFacts.fact(lab("RAD"), false, NOW)).isEmpty();
	}

	@Test
	void patientsMessageIsSentByPatientAndCareTeamReplyAnswersIt() {
		Communication question = message("Patient/12", null);
		Communication reply = message("Practitioner/3", "Communication/40");

		assertThat(EngagementFacts.fact(question, false, NOW).orElseThrow().byPatient()).isTrue();
		EngagementTables.ResourceRow answer = EngagementFacts.fact(reply, false, NOW).orElseThrow();
		assertThat(answer.byPatient()).isFalse();
		assertThat(answer.inResponseTo()).isEqualTo("Communication/40");
	}

	@Test
	void appointmentIsSelfScheduledWhenAPatientBookedItOrItDeclaresPortalAppointment() {
		Appointment plain = appointment();
		Appointment portal = appointment();
		portal.getMeta().addProfile(EngagementFacts.PORTAL_APPOINTMENT + "|0.1.0");

		assertThat(EngagementFacts.fact(plain, false, NOW).orElseThrow().byPatient()).isFalse();
		assertThat(EngagementFacts.fact(plain, true, NOW).orElseThrow().byPatient()).isTrue();
		assertThat(EngagementFacts.fact(portal, false, NOW).orElseThrow()).extracting(EngagementTables.ResourceRow::byPatient,
				EngagementTables.ResourceRow::occurred).containsExactly(true, NOW);
	}

	@Test
	void refillRequestTaskIsARefill() {
		Task task = new Task().setCode(new CodeableConcept(new Coding("http://fhirportal.org/fhir/CodeSystem/portal-task-codes", "refill-request", null)))
				.setFor(new Reference("Patient/12")).setRequester(new Reference("RelatedPerson/2")).setAuthoredOn(Date.from(ISSUED));
		task.setId("Task/9");

		assertThat(EngagementFacts.fact(task, false, NOW)).contains(
				new EngagementTables.ResourceRow("Task/9", "refill", "12", ISSUED, true, null));
	}

	@Test
	void otherResourcesGiveNoFact() {
		Observation observation = new Observation().setSubject(new Reference("Patient/12"));
		observation.setId("Observation/1");

		assertThat(EngagementFacts.fact(observation, true, NOW)).isEmpty();
		assertThat(EngagementFacts.patient(observation)).isEmpty();
	}

	private static DiagnosticReport lab(String category) {
		DiagnosticReport report = new DiagnosticReport().setSubject(new Reference("Patient/12"));
		report.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", category, null)));
		report.setIssued(Date.from(ISSUED));
		report.setId("DiagnosticReport/5");
		return report;
	}

	private static Communication message(String sender, String inResponseTo) {
		Communication message = new Communication().setSubject(new Reference("Patient/12")).setSender(new Reference(sender))
				.setSent(Date.from(ISSUED));
		if (inResponseTo != null) {
			message.addInResponseTo(new Reference(inResponseTo));
		}
		message.setId("Communication/41");
		return message;
	}

	private static Appointment appointment() {
		Appointment appointment = new Appointment();
		appointment.addParticipant().setActor(new Reference("Practitioner/3"));
		appointment.addParticipant().setActor(new Reference("Patient/12"));
		appointment.setId("Appointment/8");
		return appointment;
	}
}
