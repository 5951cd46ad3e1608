package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * E-mail notices through a real SMTP server in the test JVM (GreenMail), raised by what staff do over the FHIR API
 * with real tokens and chosen by the patient through the account API: a staff reply e-mails a patient who wants
 * message notices once, and one who switched them off not at all; the e-mail says nothing of the record; while the
 * SMTP server is down the notice waits, counting its tries, and is sent once when it is back; a refill answer, a
 * release of held results and an appointment tomorrow (once) e-mail too; a patient without an e-mail address gets
 * an undeliverable notice; and the preferences round-trip, with 400 for a body that is not a set of known kinds and
 * 403 for other apps and staff accounts.
 */
@PortalServerTest(properties = {
		"portal.notifications.enabled=true",
		"portal.notifications.from-address=portal@hospital.example",
		"portal.notifications.portal-url=https://portal.hospital.example/portal/",
		"portal.notifications.poll-interval=200ms",
		"portal.notifications.retry-backoff=300ms",
		"portal.notifications.max-backoff=1s",
		"portal.notifications.reminder-scan=300ms",
		"portal.release.held-categories=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
		"smart.auth.branding.organization-name=St. Example Hospital",
		"spring.mail.host=127.0.0.1",
		"spring.mail.properties.mail.smtp.connectiontimeout=2000",
		"spring.mail.properties.mail.smtp.timeout=2000"})
class NotificationEmailTest {

	private static final int SMTP_PORT = freePort();

	@RegisterExtension
	static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
			.withPerMethodLifecycle(false);

	@DynamicPropertySource
	static void smtpServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;
	@Autowired
	RegisteredClientRepository clients;
	@Autowired
	JdbcTemplate jdbc;

	final ObjectMapper json = new ObjectMapper();
	PortalSessions sessions;
	WorkflowFixtures fixtures;
	PatientAccounts accounts;
	String doctor;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
		accounts = new PatientAccounts(sessions, clients);
		doctor = fixtures.practitioner();
	}

	@Test
	void replyWhenPatientWantsMessageNoticesThenOneEmailWithoutClinicalContent() throws Exception {
		PatientAccounts.SignedIn patient = accounts.patientOf(doctor);

		String reply = reply(patient, "Your HbA1c came back at 9.1%, please start metformin");

		MimeMessage email = awaitEmailTo(patient.email());
		awaitNoticeSent(patient.patientId(), "message");
		assertThat(emailsTo(patient.email())).as("e-mails to the patient").hasSize(1);
		String subject = email.getSubject();
		String body = GreenMailUtil.getBody(email);
		assertThat(subject).isEqualTo("St. Example Hospital: You have a new message");
		assertThat(body).contains("new message", "Sign in", "https://portal.hospital.example/portal/", "St. Example Hospital");
		for (String clinical : List.of("HbA1c", "9.1", "metformin", "Communication", reply, patient.patientId(), "Notified", "Careful", "Dr")) {
			assertThat(subject + "\n" + body).as("the e-mail names nothing of the record").doesNotContain(clinical);
		}
		assertThat(email.getFrom()).extracting(Address::toString).containsExactly("portal@hospital.example");
	}

	@Test
	void replyWhenPatientSwitchedMessageNoticesOffThenNoNoticeAndNoEmail() throws Exception {
		PatientAccounts.SignedIn optedOut = accounts.patientOf(doctor);
		PatientAccounts.SignedIn optedIn = accounts.patientOf(doctor);
		assertThat(accounts.putNotices(optedOut, "{\"notices\":{\"message\":false}}").statusCode()).isEqualTo(200);

		reply(optedOut, "A note you asked not to be told of");
		reply(optedIn, "A note to be told of");

		assertThat(notices(optedOut.patientId())).as("no notice is queued with the message").isEmpty();
		awaitEmailTo(optedIn.email());
		awaitNoticeSent(optedIn.patientId(), "message");
		assertThat(emailsTo(optedOut.email())).isEmpty();
	}

	@Test
	void replyWhileSmtpServerIsDownThenNoticeWaitsAndIsSentOnceWhenItIsBack() throws Exception {
		PatientAccounts.SignedIn patient = accounts.patientOf(doctor);
		SMTP.stop();
		try {
			reply(patient, "Sent during the outage");

			// attempts counts each try as it is claimed, last_error the failure of the one before
			Map<String, Object> waiting = Await.until("tries that failed", Duration.ofSeconds(60), () -> notices(patient.patientId()).stream()
					.filter(row -> ((Number) row.get("attempts")).intValue() >= 2 && row.get("last_error") != null).findFirst());
			assertThat(waiting.get("status")).isEqualTo("pending");
			assertThat(waiting.get("sent_at")).isNull();
			assertThat(waiting.get("last_error").toString()).contains("connect");
		} finally {
			SMTP.start();
		}

		awaitEmailTo(patient.email());
		Map<String, Object> sent = awaitNoticeSent(patient.patientId(), "message");
		assertThat(((Number) sent.get("attempts")).intValue()).as("tries, the failed ones included").isGreaterThanOrEqualTo(2);
		assertThat(emailsTo(patient.email())).as("e-mails to the patient").hasSize(1);
		assertThat(notices(patient.patientId())).as("notices recorded").hasSize(1);
	}

	@Test
	void refillWhenStaffAcceptTheRequestThenRefillEmailWithoutTheMedicine() throws Exception {
		PatientAccounts.SignedIn patient = accounts.patientOf(doctor);
		String prescription = fixtures.prescription(patient.patientId(), doctor, MedicationRequest.MedicationRequestStatus.ACTIVE);
		RefillCalls refills = new RefillCalls(sessions);
		String taskId = refills.requested(patient.fhir(), prescription);
		assertThat(notices(patient.patientId())).as("asking raises no notice").isEmpty();
		RawHttp staff = sessions.practitioner(doctor, "user/Task.cruds user/MedicationRequest.rs");

		assertThat(refills.move(staff, taskId, Task.TaskStatus.ACCEPTED, null).statusCode()).isEqualTo(200);

		MimeMessage email = awaitEmailTo(patient.email());
		assertThat(email.getSubject()).isEqualTo("St. Example Hospital: Your refill request has an answer");
		assertThat(email.getSubject() + GreenMailUtil.getBody(email)).doesNotContainIgnoringCase("metformin").doesNotContain("accepted");
		assertThat(awaitNoticeSent(patient.patientId(), "refill").get("kind")).isEqualTo("refill");
	}

	@Test
	void resultsWhenClinicianReleasesAHeldLabThenResultsEmailWithoutTheResult() throws Exception {
		PatientAccounts.SignedIn patient = accounts.patientOf(doctor);
		String lab = sessions.create(TestResources.glucose(new Reference("Patient/" + patient.patientId()), 187));
		assertThat(notices(patient.patientId())).as("a held result raises no notice").isEmpty();

		HttpResponse<String> released = sessions.admin().post("/Observation/" + lab + "/$release", "application/fhir+json",
				"{\"resourceType\":\"Parameters\"}");

		assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
		MimeMessage email = awaitEmailTo(patient.email());
		assertThat(email.getSubject()).isEqualTo("St. Example Hospital: New results are ready");
		assertThat(email.getSubject() + GreenMailUtil.getBody(email)).doesNotContain("Glucose", "187", "mg/dL", lab);
		awaitNoticeSent(patient.patientId(), "results");
	}

	@Test
	void appointmentWhenBookedForTomorrowThenOneReminderWithoutTimeOrPlace() throws Exception {
		PatientAccounts.SignedIn patient = accounts.patientOf(doctor);
		PatientAccounts.SignedIn later = accounts.patientOf(doctor);
		Date tomorrowNoon = Date.from(LocalDate.now(ZoneOffset.UTC).plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC));
		sessions.create(TestResources.bookedAppointment(new Reference("Patient/" + patient.patientId()), tomorrowNoon));

		MimeMessage email = awaitEmailTo(patient.email());
		awaitNoticeSent(patient.patientId(), "appointment");
		// a later appointment's reminder comes from a later scan, which found the first appointment again
		sessions.create(TestResources.bookedAppointment(new Reference("Patient/" + later.patientId()), tomorrowNoon));
		awaitNoticeSent(later.patientId(), "appointment");

		assertThat(email.getSubject()).isEqualTo("St. Example Hospital: Reminder: you have an appointment tomorrow");
		assertThat(GreenMailUtil.getBody(email)).doesNotContain("12:00", "Careful");
		assertThat(notices(patient.patientId())).as("reminders recorded").hasSize(1);
		assertThat(emailsTo(patient.email())).hasSize(1);
	}

	@Test
	void preferencesWhenChangedThenReadBackAndWhenBodyIsNotKindsThen400() throws Exception {
		PatientAccounts.SignedIn patient = accounts.patientOf(doctor);

		JsonNode before = json.readTree(patient.api().get("/api/me/notifications").body());
		HttpResponse<String> changed = accounts.putNotices(patient, "{\"notices\":{\"results\":false,\"appointment\":false}}");
		JsonNode after = json.readTree(patient.api().get("/api/me/notifications").body());
		HttpResponse<String> unknownKind = accounts.putNotices(patient, "{\"notices\":{\"sms\":true}}");
		HttpResponse<String> notBoolean = accounts.putNotices(patient, "{\"notices\":{\"message\":\"yes\"}}");
		HttpResponse<String> notJson = accounts.putNotices(patient, "message=off");

		assertThat(before.path("notices").toString()).isEqualTo("{\"message\":true,\"results\":true,\"appointment\":true,\"refill\":true}");
		assertThat(before.path("email").asText()).isEqualTo(patient.email());
		assertThat(before.path("sending").asBoolean()).isTrue();
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		assertThat(json.readTree(changed.body()).path("notices")).isEqualTo(after.path("notices"));
		assertThat(after.path("notices").toString()).isEqualTo("{\"message\":true,\"results\":false,\"appointment\":false,\"refill\":true}");
		assertThat(unknownKind.statusCode()).isEqualTo(400);
		assertThat(json.readTree(unknownKind.body()).path("error").asText()).isEqualTo("invalid_request");
		assertThat(json.readTree(unknownKind.body()).path("error_description").asText()).contains("notices.sms", "message, results, appointment, refill");
		assertThat(notBoolean.statusCode()).isEqualTo(400);
		assertThat(json.readTree(notBoolean.body()).path("error_description").asText()).contains("notices.message must be true or false");
		assertThat(notJson.statusCode()).isEqualTo(400);
		assertThat(json.readTree(notJson.body()).path("error_description").asText()).contains("not JSON");
		assertThat(json.readTree(patient.api().get("/api/me/notifications").body()).path("notices")).as("unchanged by the refusals")
				.isEqualTo(after.path("notices"));
	}

	@Test
	void replyWhenThePatientRecordHasNoEmailAddressThenNoticeClosedAsUndeliverable() {
		PatientAccounts.SignedIn patient = accounts.patientOf(doctor, null);

		reply(patient, "Nowhere to say it");

		Map<String, Object> closed = Await.until("the notice closed", Duration.ofSeconds(60), () -> notices(patient.patientId()).stream()
				.filter(row -> "undeliverable".equals(row.get("status"))).findFirst());
		assertThat(closed.get("last_error").toString()).contains("no e-mail address");
		assertThat(closed.get("sent_at")).isNull();
	}

	@Test
	void preferencesWhenAnotherAppOrAStaffAccountThen403WithTheReason() throws Exception {
		PatientAccounts.SignedIn patient = accounts.patientOf(doctor);
		String otherApp = sessions.patient(patient.patientId(), "patient/Patient.rs").bearerToken();
		String staff = sessions.practitioner(doctor, "user/Patient.rs").bearerToken();

		HttpResponse<String> byOtherApp = new RawHttp(sessions.root(), otherApp).get("/api/me/notifications");
		HttpResponse<String> byStaff = new RawHttp(sessions.root(), staff).get("/api/me/notifications");

		assertThat(byOtherApp.statusCode()).isEqualTo(403);
		assertThat(json.readTree(byOtherApp.body()).path("error_description").asText()).contains("patient portal");
		assertThat(byStaff.statusCode()).isEqualTo(403);
		assertThat(json.readTree(byStaff.body()).path("error_description").asText()).contains("patients' own accounts");
	}

	/** The practitioner's reply to the patient, written with their own token; returns the message's text. */
	private String reply(PatientAccounts.SignedIn patient, String text) {
		RawHttp staff = sessions.practitioner(doctor, "user/Communication.cruds user/Patient.rs");
		Communication message = TestResources.message(new Reference("Practitioner/" + doctor), new Reference("Patient/" + patient.patientId()), text);
		HttpResponse<String> sent = staff.post("/Communication", "application/fhir+json", sessions.json(message));
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		return text;
	}

	private MimeMessage awaitEmailTo(String address) {
		return Await.until("an e-mail to " + address, Duration.ofSeconds(60), () -> emailsTo(address).stream().findFirst());
	}

	private List<MimeMessage> emailsTo(String address) {
		return Arrays.stream(SMTP.getReceivedMessages()).filter(message -> {
			try {
				return message.getAllRecipients() != null && Arrays.stream(message.getAllRecipients()).anyMatch(to -> to.toString().equals(address));
			} catch (MessagingException e) {
				throw new IllegalStateException(e);
			}
		}).toList();
	}

	/** The patient's notices as recorded (read for verification; the record is what analytics counts). */
	private List<Map<String, Object>> notices(String patientId) {
		return jdbc.queryForList("SELECT * FROM portal_notice WHERE patient_id = ? ORDER BY id", patientId).stream()
				.map(row -> {
					Map<String, Object> lower = new java.util.HashMap<>();
					row.forEach((column, value) -> lower.put(column.toLowerCase(), value));
					return lower;
				}).toList();
	}

	private Map<String, Object> awaitNoticeSent(String patientId, String kind) {
		return Await.until(kind + " notice sent", Duration.ofSeconds(60), () -> notices(patientId).stream()
				.filter(row -> kind.equals(row.get("kind")) && "sent".equals(row.get("status"))).findFirst());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
