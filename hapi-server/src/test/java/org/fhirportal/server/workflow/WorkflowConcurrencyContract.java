package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.Concurrently;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The workflows' one-winner guarantees under load, the same on every database: 50 parallel bookings of one slot
 * (by 50 different patients) give one booked Appointment and 49 clean 409s; 50 parallel refill requests for one
 * prescription give one Task and 49 409s. All requests start together (a latch) on 50 threads.
 */
abstract class WorkflowConcurrencyContract {

	static final int PARALLEL = 50;

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	PortalSessions sessions;
	WorkflowFixtures fixtures;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
	}

	@Test
	void bookWhenFiftyPatientsTakeOneSlotAtOnceThenExactlyOneBookingAndFortyNine409s() throws Exception {
		String practitioner = fixtures.practitioner();
		String slot = fixtures.freeSlots(fixtures.schedule(practitioner), Duration.ofDays(5), 1).get(0);
		List<String> patients = new ArrayList<>();
		for (int i = 0; i < PARALLEL; i++) {
			patients.add(fixtures.patient());
		}
		RawHttp staff = sessions.admin();

		List<HttpResponse<String>> responses = Concurrently.allAtOnce(patients, patient -> staff.post("/Appointment/$book", "application/fhir+json",
				sessions.json(new Parameters().addParameter("slot", new Reference("Slot/" + slot))
						.addParameter("patient", new Reference("Patient/" + patient)))));

		assertThat(statusCounts(responses)).as(bodiesOfUnexpected(responses)).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 409, 49L));
		responses.stream().filter(r -> r.statusCode() == 409).forEach(r -> assertThat(r.body()).contains("OperationOutcome"));
		List<Appointment> booked = sessions.entries(staff.get("/Appointment?slot=Slot/" + slot + "&_count=100"), Appointment.class);
		assertThat(booked).hasSize(1);
		assertThat(booked.get(0).getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);
		assertThat(sessions.read(Slot.class, slot).getStatus()).isEqualTo(Slot.SlotStatus.BUSY);
	}

	@Test
	void requestRefillWhenFiftyRequestsAtOnceThenExactlyOneTaskAndFortyNine409s() throws Exception {
		String patient = fixtures.patient();
		String prescription = fixtures.prescription(patient, fixtures.practitioner(), MedicationRequest.MedicationRequestStatus.ACTIVE);
		RawHttp patientFhir = sessions.patient(patient, "patient/MedicationRequest.rs patient/Task.crs");
		List<Integer> attempts = new ArrayList<>();
		for (int i = 0; i < PARALLEL; i++) {
			attempts.add(i);
		}

		List<HttpResponse<String>> responses = Concurrently.allAtOnce(attempts, i -> patientFhir.post(
				"/MedicationRequest/" + prescription + "/$request-refill", "application/fhir+json", "{\"resourceType\":\"Parameters\"}"));

		assertThat(statusCounts(responses)).as(bodiesOfUnexpected(responses)).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 409, 49L));
		assertThat(sessions.entries(sessions.admin().get("/Task?focus=MedicationRequest/" + prescription + "&_count=100"), Task.class)).hasSize(1);
	}

	private static Map<Integer, Long> statusCounts(List<HttpResponse<String>> responses) {
		return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
	}

	private static String bodiesOfUnexpected(List<HttpResponse<String>> responses) {
		return responses.stream().filter(r -> r.statusCode() != 200 && r.statusCode() != 409).map(HttpResponse::body)
				.limit(3).collect(Collectors.joining("\n"));
	}
}
