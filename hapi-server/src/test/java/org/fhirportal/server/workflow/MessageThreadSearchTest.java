package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fhirportal.server.workflow.MessagingWorkflowTest.id;
import static org.fhirportal.server.workflow.MessagingWorkflowTest.message;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A thread's replies over HTTP with real tokens: {@code Communication?in-response-to=Communication/[id]} (the IG's
 * SearchParameter Communication-in-response-to) returns the messages answering one message, and only those within
 * the caller's reach: the patient and their practitioner find them, another patient and a practitioner without a
 * care relationship find nothing.
 */
@PortalServerTest
class MessageThreadSearchTest {

	private static final String PATIENT_SCOPES = "patient/Communication.crs patient/Patient.rs";
	private static final String STAFF_SCOPES = "user/Communication.cruds user/Patient.rs";

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	PortalSessions sessions;
	WorkflowFixtures fixtures;
	String doctor;
	String patient;
	RawHttp patientFhir;
	RawHttp doctorFhir;
	String question;
	String firstReply;
	String secondReply;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
		doctor = fixtures.practitioner();
		patient = fixtures.patientOf(doctor);
		patientFhir = sessions.patient(patient, PATIENT_SCOPES);
		doctorFhir = sessions.practitioner(doctor, STAFF_SCOPES);
		question = id(patientFhir.post("/Communication", "application/fhir+json",
				sessions.json(message("Patient/" + patient, "Practitioner/" + doctor, "Is my result normal?"))));
		firstReply = reply(doctorFhir, question, "Practitioner/" + doctor, patient, "Yes, all normal.");
		secondReply = reply(patientFhir, firstReply, "Patient/" + patient, patient, "Thank you!"); // answers the reply, not the question
		patientFhir.post("/Communication", "application/fhir+json",
				sessions.json(message("Patient/" + patient, "Practitioner/" + doctor, "Another topic"))); // not in the thread
	}

	@Test
	void patientWhenSearchingRepliesToOwnMessageThenFindsExactlyThem() {
		String another = reply(doctorFhir, question, "Practitioner/" + doctor, patient, "Let us talk at your next visit.");

		assertThat(replies(patientFhir, question)).containsExactlyInAnyOrder(firstReply, another);
		assertThat(replies(patientFhir, firstReply)).containsExactly(secondReply);
	}

	@Test
	void practitionerWhenSearchingRepliesToTheirPatientsMessageThenFindsThem() {
		assertThat(replies(doctorFhir, question)).containsExactly(firstReply);
		assertThat(replies(sessions.admin(), question)).containsExactly(firstReply);
	}

	@Test
	void patientWhenAReplyInTheThreadIsAboutAnotherPatientThenItIsLeftOut() {
		String other = fixtures.patientOf(doctor);
		String misfiled = reply(sessions.admin(), question, "Practitioner/" + doctor, other, "Meant for someone else");

		assertThat(replies(sessions.admin(), question)).containsExactlyInAnyOrder(firstReply, misfiled);
		assertThat(replies(patientFhir, question)).containsExactly(firstReply);
	}

	@Test
	void anotherPatientOrPractitionerOutOfReachWhenSearchingTheThreadThenFindNothing() {
		RawHttp otherPatient = sessions.patient(fixtures.patientOf(doctor), PATIENT_SCOPES);
		RawHttp stranger = sessions.practitioner(fixtures.practitioner(), STAFF_SCOPES);

		assertNothingFound(otherPatient.get("/Communication?in-response-to=Communication/" + question));
		assertNothingFound(stranger.get("/Communication?in-response-to=Communication/" + question));
	}

	private String reply(RawHttp who, String to, String from, String aboutPatient, String text) {
		// message() makes the Patient among sender and recipient the subject
		Communication reply = from.startsWith("Patient/") ? message(from, "Practitioner/" + doctor, text) : message(from, "Patient/" + aboutPatient, text);
		reply.addInResponseTo(new Reference("Communication/" + to));
		HttpResponse<String> created = who.post("/Communication", "application/fhir+json", sessions.json(reply));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return id(created);
	}

	private List<String> replies(RawHttp who, String messageId) {
		HttpResponse<String> found = who.get("/Communication?in-response-to=Communication/" + messageId + "&_count=50");
		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
		return sessions.entries(found, Communication.class).stream().map(c -> c.getIdElement().getIdPart()).toList();
	}

	private void assertNothingFound(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isIn(200, 403, 404);
		if (response.statusCode() == 200) {
			assertThat(sessions.entries(response, Communication.class)).isEmpty();
		} else {
			assertThat(response.body()).contains("OperationOutcome");
		}
	}
}
