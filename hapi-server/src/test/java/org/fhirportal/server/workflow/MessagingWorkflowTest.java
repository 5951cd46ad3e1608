package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.ig.PortalConformance;
import org.fhirportal.server.ig.PortalProfileValidatingInterceptor;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.RecordingHttpEndpoint;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Secure messaging over HTTP with real tokens: a patient writes to their care team and reads what is sent to them,
 * staff answer in the thread, reading sets the read receipt and unread counts follow; recipients, senders and
 * attachments are checked; a patient subscribes to their own messages only, and a rest-hook is notified.
 */
@PortalServerTest
class MessagingWorkflowTest {

	static final String UNREAD = "http://fhirportal.org/fhir/CodeSystem/portal-message-status%7Cunread";
	private static final String PATIENT_SCOPES = "patient/Communication.crs patient/Patient.rs patient/Subscription.c";

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
	String doctor;
	String patient;
	RawHttp patientFhir;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		fixtures = new WorkflowFixtures(sessions);
		doctor = fixtures.practitioner();
		patient = fixtures.patientOf(doctor);
		patientFhir = sessions.patient(patient, PATIENT_SCOPES);
	}

	@Test
	void sendWhenToOwnPractitionerThenStoredConformingSentAndUnreadForThem() {
		HttpResponse<String> sent = patientFhir.post("/Communication", "application/fhir+json", sessions.json(message("Patient/" + patient, "Practitioner/" + doctor, "Can I take it with food?")));

		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		Communication stored = sessions.read(Communication.class, id(sent));
		assertThat(stored.hasSent()).isTrue();
		assertThat(PortalConformance.problems(validation, stored)).isEmpty();
		assertThat(unread(sessions.admin(), "Practitioner/" + doctor)).isEqualTo(1);
	}

	@Test
	void sendWhenToPractitionerOutsideTheCareTeamThen422NamingTheRecipient() {
		String stranger = fixtures.practitioner();

		HttpResponse<String> refused = patientFhir.post("/Communication", "application/fhir+json", sessions.json(message("Patient/" + patient, "Practitioner/" + stranger, "Hello?")));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("Communication.recipient[0]");
	}

	@Test
	void sendWhenInAnotherPatientsNameThenRefused() {
		String other = fixtures.patientOf(doctor);
		Communication forged = message("Patient/" + other, "Practitioner/" + doctor, "Forged");
		forged.setSubject(new Reference("Patient/" + patient));

		HttpResponse<String> refused = patientFhir.post("/Communication", "application/fhir+json", sessions.json(forged));

		assertThat(refused.statusCode()).isIn(403, 422);
		assertThat(refused.body()).contains("OperationOutcome");
	}

	@Test
	void replyWhenStaffAnswerThenThreadedUnreadUntilThePatientReadsIt() {
		String question = id(patientFhir.post("/Communication", "application/fhir+json", sessions.json(message("Patient/" + patient, "Practitioner/" + doctor, "Is my result normal?"))));
		RawHttp doctorFhir = sessions.practitioner(doctor, "user/Communication.cruds user/Patient.rs");
		Communication reply = message("Practitioner/" + doctor, "Patient/" + patient, "Yes, all normal.");
		reply.setSubject(new Reference("Patient/" + patient));
		reply.addInResponseTo(new Reference("Communication/" + question));

		HttpResponse<String> answered = doctorFhir.post("/Communication", "application/fhir+json", sessions.json(reply));

		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);
		assertThat(unread(patientFhir, "Patient/" + patient)).isEqualTo(1);
		Communication read = sessions.parse(Communication.class, patientFhir.get("/Communication/" + id(answered)));
		assertThat(read.getInResponseToFirstRep().getReference()).isEqualTo("Communication/" + question);
		assertThat(read.hasReceived()).as("the reader sees the read receipt").isTrue();
		assertThat(sessions.read(Communication.class, id(answered)).hasReceived()).isTrue();
		assertThat(unread(patientFhir, "Patient/" + patient)).isZero();
		assertThat(unread(sessions.admin(), "Practitioner/" + doctor)).as("the doctor's own unread question").isEqualTo(1);
	}

	@Test
	void updateWhenPatientChangesASentMessageThenForbidden() {
		String sent = id(patientFhir.post("/Communication", "application/fhir+json", sessions.json(message("Patient/" + patient, "Practitioner/" + doctor, "First words"))));
		Communication changed = sessions.read(Communication.class, sent);
		changed.getPayloadFirstRep().setContent(new StringType("Other words"));

		HttpResponse<String> refused = patientFhir.send(HttpRequest.newBuilder(URI.create(sessions.root() + "/fhir/Communication/" + sent))
				.header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(sessions.json(changed))).build());

		assertThat(refused.statusCode()).isEqualTo(403);
	}

	@Test
	void attachmentWhenAllowedTypeInlineOrBinaryThenAcceptedAndWhenOtherTypeThen422() {
		Communication pdf = message("Patient/" + patient, "Practitioner/" + doctor, "My letter");
		pdf.addPayload().setContent(new Attachment().setContentType("application/pdf").setData("%PDF-1.4 test".getBytes(StandardCharsets.US_ASCII)));
		Binary photo = new Binary().setContentType("image/png");
		photo.setData(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
		Communication withBinary = message("Patient/" + patient, "Practitioner/" + doctor, "A photo");
		withBinary.addPayload().setContent(new Attachment().setContentType("image/png").setUrl("Binary/" + sessions.create(photo)));
		Communication executable = message("Patient/" + patient, "Practitioner/" + doctor, "Run this");
		executable.addPayload().setContent(new Attachment().setContentType("application/x-msdownload").setData(new byte[] {'M', 'Z'}));

		assertThat(patientFhir.post("/Communication", "application/fhir+json", sessions.json(pdf)).statusCode()).isEqualTo(201);
		assertThat(patientFhir.post("/Communication", "application/fhir+json", sessions.json(withBinary)).statusCode()).isEqualTo(201);
		HttpResponse<String> refused = patientFhir.post("/Communication", "application/fhir+json", sessions.json(executable));
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("Communication.payload[1].contentAttachment.contentType");
	}

	@Test
	void subscribeWhenCriteriaAreOwnMessagesThenRestHookNotifiedWhenStaffWrite() {
		try (RecordingHttpEndpoint endpoint = new RecordingHttpEndpoint()) {
			HttpResponse<String> created = patientFhir.post("/Subscription", "application/fhir+json",
					sessions.json(subscription("Communication?recipient=Patient/" + patient, endpoint.url("/hook"))));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String subscriptionId = id(created);
			Await.until("subscription active", Duration.ofSeconds(60), () -> Optional.of(sessions.read(Subscription.class, subscriptionId))
					.filter(s -> s.getStatus() == Subscription.SubscriptionStatus.ACTIVE));

			Communication note = message("Practitioner/" + doctor, "Patient/" + patient, "Your results are in");
			note.setSubject(new Reference("Patient/" + patient));
			assertThat(sessions.admin().post("/Communication", "application/fhir+json", sessions.json(note)).statusCode()).isEqualTo(201);

			String delivered = Await.until("rest-hook delivery", Duration.ofSeconds(60),
					() -> endpoint.bodies().stream().filter(b -> b.contains("Your results are in")).findFirst());
			assertThat(delivered).contains("\"resourceType\":\"Communication\"");
		}
	}

	@Test
	void subscribeWhenThePatientReadsANotifiedMessageThenTheReadReceiptIsNotNotifiedAgain() {
		try (RecordingHttpEndpoint endpoint = new RecordingHttpEndpoint()) {
			String subscriptionId = id(patientFhir.post("/Subscription", "application/fhir+json",
					sessions.json(subscription("Communication?recipient=Patient/" + patient, endpoint.url("/hook")))));
			Await.until("subscription active", Duration.ofSeconds(60), () -> Optional.of(sessions.read(Subscription.class, subscriptionId))
					.filter(s -> s.getStatus() == Subscription.SubscriptionStatus.ACTIVE));
			String first = id(sessions.admin().post("/Communication", "application/fhir+json",
					sessions.json(message("Practitioner/" + doctor, "Patient/" + patient, "First news"))));
			Await.until("first delivery", Duration.ofSeconds(60), () -> endpoint.bodies().stream().filter(b -> b.contains("First news")).findFirst());

			Communication read = sessions.parse(Communication.class, patientFhir.get("/Communication/" + first));
			assertThat(read.hasReceived()).as("the read receipt is recorded").isTrue();
			Communication corrected = sessions.read(Communication.class, first);
			corrected.getPayloadFirstRep().setContent(new StringType("First news, corrected"));
			assertThat(put(sessions.admin(), corrected).statusCode()).isEqualTo(200);

			// the correction is delivered after the receipt would have been: its delivery marks the end of the wait
			Await.until("delivery of the correction", Duration.ofSeconds(60),
					() -> endpoint.bodies().stream().filter(b -> b.contains("First news, corrected")).findFirst());
			assertThat(endpoint.bodies().stream().filter(b -> b.contains("\"First news\"")).count())
					.as("deliveries of the message as first sent (the read receipt adds none)").isEqualTo(1);
			assertThat(sessions.read(Communication.class, first).getMeta().getVersionId()).isEqualTo("3");
		}
	}

	@Test
	void subscribeWhenCriteriaReachBeyondOwnMessagesThen422() {
		String other = fixtures.patient();

		HttpResponse<String> others = patientFhir.post("/Subscription", "application/fhir+json",
				sessions.json(subscription("Communication?recipient=Patient/" + other, "http://127.0.0.1:9/hook")));
		HttpResponse<String> orList = patientFhir.post("/Subscription", "application/fhir+json",
				sessions.json(subscription("Communication?recipient=Patient/" + patient + ",Patient/" + other, "http://127.0.0.1:9/hook")));
		HttpResponse<String> observations = patientFhir.post("/Subscription", "application/fhir+json",
				sessions.json(subscription("Observation?subject=Patient/" + patient, "http://127.0.0.1:9/hook")));

		assertThat(others.statusCode()).isEqualTo(422);
		assertThat(others.body()).contains("Subscription.criteria");
		assertThat(orList.statusCode()).isEqualTo(422);
		assertThat(observations.statusCode()).isEqualTo(422);
	}

	private HttpResponse<String> put(RawHttp who, Communication message) {
		return who.send(HttpRequest.newBuilder(URI.create(sessions.root() + "/fhir/Communication/" + message.getIdElement().getIdPart()))
				.header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(sessions.json(message))).build());
	}

	private long unread(RawHttp who, String recipient) {
		HttpResponse<String> count = who.get("/Communication?recipient=" + recipient + "&_tag=" + UNREAD + "&_summary=count");
		assertThat(count.statusCode()).as(count.body()).isEqualTo(200);
		return sessions.parse(Bundle.class, count).getTotal();
	}

	static Communication message(String from, String to, String text) {
		Communication message = new Communication();
		message.setStatus(Communication.CommunicationStatus.COMPLETED);
		message.setSubject(new Reference(from.startsWith("Patient/") ? from : to));
		message.setSender(new Reference(from));
		message.addRecipient(new Reference(to));
		message.getTopic().setText("Question");
		message.addPayload().setContent(new StringType(text));
		return message;
	}

	private static Subscription subscription(String criteria, String endpoint) {
		Subscription subscription = new Subscription().setStatus(Subscription.SubscriptionStatus.REQUESTED)
				.setReason("my new messages").setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint).setPayload("application/fhir+json");
		return subscription;
	}

	static String id(HttpResponse<String> created) {
		return URI.create(created.headers().firstValue("Location").orElseThrow(() -> new AssertionError(created.body()))).getPath().split("/")[3];
	}
}
