package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.ig.PortalConformance;
import org.fhirportal.server.ig.PortalProfileValidatingInterceptor;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Self-scheduling over HTTP with real tokens: a patient finds free slots, books, cancels and reschedules; the
 * slot and the appointment change together; another patient's record, a taken slot, the cancellation window and
 * bad parameters are refused with 4xx OperationOutcomes; staff book and cancel for a patient.
 */
@PortalServerTest
class BookingWorkflowTest {

	private static final String PATIENT_SCOPES = "patient/Appointment.cruds patient/Patient.rs";

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
	String practitioner;
	String schedule;
	List<String> slots;
	RawHttp patientFhir;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
		patient = fixtures.patient();
		practitioner = fixtures.practitioner();
		schedule = fixtures.schedule(practitioner);
		slots = fixtures.freeSlots(schedule, Duration.ofDays(3), 3);
		patientFhir = sessions.patient(patient, PATIENT_SCOPES);
	}

	@Test
	void findWhenPractitionerAndWindowGivenThenTheirFreeSlotsSoonestFirst() {
		String taken = fixtures.slot(schedule, Instant.now().plus(Duration.ofDays(2)), Slot.SlotStatus.BUSY);

		HttpResponse<String> found = patientFhir.get("/Slot/$find?start=" + Instant.now() + "&end=" + Instant.now().plus(Duration.ofDays(10))
				+ "&practitioner=Practitioner/" + practitioner);

		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
		assertThat(sessions.entries(found, Slot.class)).extracting(s -> s.getIdElement().getIdPart()).containsExactlyElementsOf(slots)
				.doesNotContain(taken);
	}

	@Test
	void findWhenServiceTypeNotOfferedThenNothing() {
		HttpResponse<String> found = patientFhir.get("/Slot/$find?start=" + Instant.now() + "&end=" + Instant.now().plus(Duration.ofDays(10))
				+ "&practitioner=Practitioner/" + practitioner + "&service-type=" + WorkflowFixtures.SERVICE_TYPES + "%7C999");

		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(sessions.entries(found, Slot.class)).isEmpty();
	}

	@Test
	void findWhenEndMissingOrWindowTooLongThen400NamingTheParameter() {
		HttpResponse<String> noEnd = patientFhir.get("/Slot/$find?start=" + Instant.now());
		HttpResponse<String> tooLong = patientFhir.get("/Slot/$find?start=" + Instant.now() + "&end=" + Instant.now().plus(Duration.ofDays(400)));

		assertThat(noEnd.statusCode()).isEqualTo(400);
		assertThat(noEnd.body()).contains("OperationOutcome").contains("Parameter 'end'");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(tooLong.body()).contains("Parameter 'end'");
	}

	@Test
	void bookWhenSlotFreeThenBookedAppointmentConformsAndSlotIsBusy() {
		HttpResponse<String> booked = book(patientFhir, slots.get(0), patient);

		assertThat(booked.statusCode()).as(booked.body()).isEqualTo(200);
		Appointment appointment = sessions.parse(Appointment.class, booked);
		assertThat(appointment.getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);
		assertThat(appointment.getSlotFirstRep().getReference()).isEqualTo("Slot/" + slots.get(0));
		assertThat(appointment.getParticipant()).extracting(p -> p.getActor().getReference())
				.contains("Patient/" + patient, "Practitioner/" + practitioner);
		assertThat(PortalConformance.problems(validation, sessions.read(Appointment.class, appointment.getIdElement().getIdPart()))).isEmpty();
		assertThat(sessions.read(Slot.class, slots.get(0)).getStatus()).isEqualTo(Slot.SlotStatus.BUSY);
		assertThat(patientFhir.get("/Appointment/" + appointment.getIdElement().getIdPart()).statusCode()).isEqualTo(200);
	}

	@Test
	void bookWhenSlotAlreadyTakenThen409AndNoSecondAppointment() {
		String other = fixtures.patient();
		assertThat(book(sessions.admin(), slots.get(0), other).statusCode()).isEqualTo(200);

		HttpResponse<String> second = book(patientFhir, slots.get(0), patient);

		assertThat(second.statusCode()).isEqualTo(409);
		assertThat(second.body()).contains("Parameter 'slot'");
		assertThat(sessions.entries(sessions.admin().get("/Appointment?slot=Slot/" + slots.get(0)), Appointment.class)).hasSize(1);
	}

	@Test
	void bookWhenForAnotherPatientThen403() {
		String other = fixtures.patient();

		HttpResponse<String> refused = book(patientFhir, slots.get(0), other);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(sessions.read(Slot.class, slots.get(0)).getStatus()).isEqualTo(Slot.SlotStatus.FREE);
	}

	@Test
	void bookWhenSlotMissingOrUnknownThen4xxNamingTheSlot() {
		HttpResponse<String> missing = patientFhir.post("/Appointment/$book", "application/fhir+json",
				sessions.json(new Parameters().addParameter("patient", new Reference("Patient/" + patient))));
		HttpResponse<String> unknown = book(patientFhir, "does-not-exist", patient);
		HttpResponse<String> wrongType = patientFhir.post("/Appointment/$book", "application/fhir+json", sessions.json(new Parameters()
				.addParameter("slot", new Reference("Patient/" + patient)).addParameter("patient", new Reference("Patient/" + patient))));

		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("Parameter 'slot'").contains("name = 'slot'");
		assertThat(unknown.statusCode()).isEqualTo(422);
		assertThat(unknown.body()).contains("Parameter 'slot'");
		assertThat(wrongType.statusCode()).isEqualTo(400);
		assertThat(wrongType.body()).contains("Parameter 'slot'");
	}

	@Test
	void bookWhenTokenHasNoAppointmentScopeThen403() {
		RawHttp readOnly = sessions.patient(patient, "patient/Patient.rs");

		assertThat(book(readOnly, slots.get(0), patient).statusCode()).isEqualTo(403);
	}

	@Test
	void cancelWhenOutsideTheWindowThenCancelledWithReasonAndSlotFreeAgain() {
		String appointment = bookedId(patientFhir, slots.get(0));

		HttpResponse<String> cancelled = patientFhir.post("/Appointment/" + appointment + "/$cancel", "application/fhir+json",
				sessions.json(new Parameters().addParameter("comment", new StringType("Cannot make it"))));

		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		Appointment stored = sessions.read(Appointment.class, appointment);
		assertThat(stored.getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
		assertThat(stored.getCancelationReason().getCodingFirstRep().getCode()).isEqualTo("pat");
		assertThat(PortalConformance.problems(validation, stored)).isEmpty();
		assertThat(sessions.read(Slot.class, slots.get(0)).getStatus()).isEqualTo(Slot.SlotStatus.FREE);
		assertThat(book(sessions.admin(), slots.get(0), fixtures.patient()).statusCode()).as("the freed slot can be booked again").isEqualTo(200);
	}

	@Test
	void cancelWhenWithinTheWindowThen409ForThePatientButStaffMayCancel() {
		String soon = fixtures.slot(schedule, Instant.now().plus(Duration.ofHours(2)), Slot.SlotStatus.FREE);
		String appointment = bookedId(patientFhir, soon);

		HttpResponse<String> refused = patientFhir.post("/Appointment/" + appointment + "/$cancel", "application/fhir+json", "{\"resourceType\":\"Parameters\"}");
		HttpResponse<String> byStaff = sessions.admin().post("/Appointment/" + appointment + "/$cancel", "application/fhir+json", "{\"resourceType\":\"Parameters\"}");

		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body()).contains("within");
		assertThat(byStaff.statusCode()).as(byStaff.body()).isEqualTo(200);
		assertThat(sessions.read(Slot.class, soon).getStatus()).isEqualTo(Slot.SlotStatus.FREE);
	}

	@Test
	void cancelWhenAnotherPatientsAppointmentThenNotFound() {
		String other = fixtures.patient();
		String theirs = sessions.parse(Appointment.class, book(sessions.admin(), slots.get(1), other)).getIdElement().getIdPart();

		HttpResponse<String> refused = patientFhir.post("/Appointment/" + theirs + "/$cancel", "application/fhir+json", "{\"resourceType\":\"Parameters\"}");

		assertThat(refused.statusCode()).isIn(403, 404);
		assertThat(sessions.read(Appointment.class, theirs).getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);
	}

	@Test
	void rescheduleWhenNewSlotFreeThenAppointmentMovesAndOldSlotIsFreed() {
		String appointment = bookedId(patientFhir, slots.get(0));

		HttpResponse<String> moved = patientFhir.post("/Appointment/" + appointment + "/$reschedule", "application/fhir+json",
				sessions.json(new Parameters().addParameter("slot", new Reference("Slot/" + slots.get(1)))));

		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		Appointment stored = sessions.read(Appointment.class, appointment);
		assertThat(stored.getSlot()).extracting(Reference::getReference).containsExactly("Slot/" + slots.get(1));
		assertThat(stored.getStart()).isEqualTo(sessions.read(Slot.class, slots.get(1)).getStart());
		assertThat(sessions.read(Slot.class, slots.get(0)).getStatus()).isEqualTo(Slot.SlotStatus.FREE);
		assertThat(sessions.read(Slot.class, slots.get(1)).getStatus()).isEqualTo(Slot.SlotStatus.BUSY);
	}

	@Test
	void rescheduleWhenNewSlotTakenThen409AndAppointmentUnchanged() {
		String appointment = bookedId(patientFhir, slots.get(0));
		book(sessions.admin(), slots.get(1), fixtures.patient());

		HttpResponse<String> refused = patientFhir.post("/Appointment/" + appointment + "/$reschedule", "application/fhir+json",
				sessions.json(new Parameters().addParameter("slot", new Reference("Slot/" + slots.get(1)))));

		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(sessions.read(Appointment.class, appointment).getSlotFirstRep().getReference()).isEqualTo("Slot/" + slots.get(0));
		assertThat(sessions.read(Slot.class, slots.get(0)).getStatus()).isEqualTo(Slot.SlotStatus.BUSY);
	}

	@Test
	void createWhenPatientWritesAnAppointmentDirectlyThenForbiddenAndSlotUntouched() {
		Appointment direct = TestResources.bookedAppointment(new Reference("Patient/" + patient), sessions.read(Slot.class, slots.get(0)).getStart());
		direct.addSlot(new Reference("Slot/" + slots.get(0)));

		HttpResponse<String> refused = patientFhir.post("/Appointment", "application/fhir+json", sessions.json(direct));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("$book");
		assertThat(sessions.read(Slot.class, slots.get(0)).getStatus()).isEqualTo(Slot.SlotStatus.FREE);
	}

	@Test
	void bookWhenPractitionerUserThenBooksForThePatient() {
		RawHttp doctor = sessions.practitioner(practitioner, "user/Appointment.cruds user/Patient.rs");

		HttpResponse<String> booked = book(doctor, slots.get(2), patient);

		assertThat(booked.statusCode()).as(booked.body()).isEqualTo(200);
		assertThat(patientFhir.get("/Appointment?_count=50").body()).contains("Slot/" + slots.get(2));
	}

	private String bookedId(RawHttp who, String slot) {
		HttpResponse<String> booked = book(who, slot, patient);
		assertThat(booked.statusCode()).as(booked.body()).isEqualTo(200);
		return sessions.parse(Appointment.class, booked).getIdElement().getIdPart();
	}

	private HttpResponse<String> book(RawHttp who, String slot, String forPatient) {
		return who.post("/Appointment/$book", "application/fhir+json", sessions.json(new Parameters()
				.addParameter("slot", new Reference("Slot/" + slot))
				.addParameter("patient", new Reference("Patient/" + forPatient))));
	}
}
