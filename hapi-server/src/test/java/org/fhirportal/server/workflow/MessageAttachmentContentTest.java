package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An attachment must hold what its content type says, inline or as a Binary: a patient's file that is not what it
 * claims is refused with a 422 OperationOutcome whose expression names the attachment's data; a real one is kept,
 * with its file name.
 */
@PortalServerTest
class MessageAttachmentContentTest {

	private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	PortalSessions sessions;
	String doctor;
	String patient;
	RawHttp patientFhir;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users);
		WorkflowFixtures fixtures = new WorkflowFixtures(sessions);
		doctor = fixtures.practitioner();
		patient = fixtures.patientOf(doctor);
		patientFhir = sessions.patient(patient, "patient/Communication.crs patient/Patient.rs");
	}

	@Test
	void attachmentWhenPdfThatIsNoPdfThen422NamingItsData() {
		HttpResponse<String> refused = send(new Attachment().setContentType("application/pdf").setTitle("letter.pdf")
				.setData("<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)));

		assertThat(refused.statusCode()).isEqualTo(422);
		OperationOutcome outcome = sessions.parse(OperationOutcome.class, refused);
		assertThat(outcome.getIssueFirstRep().getExpression()).extracting(Object::toString)
				.containsExactly("Communication.payload[1].contentAttachment.data");
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("not application/pdf");
	}

	@Test
	void attachmentWhenBinaryClaimsPngButHoldsTextThen422NamingItsUrl() {
		Binary fake = new Binary().setContentType("image/png");
		fake.setData("just text".getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> refused = send(new Attachment().setContentType("image/png").setUrl("Binary/" + sessions.create(fake)));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(sessions.parse(OperationOutcome.class, refused).getIssueFirstRep().getExpression()).extracting(Object::toString)
				.containsExactly("Communication.payload[1].contentAttachment.url");
	}

	@Test
	void attachmentWhenTextWithBinaryDataThen422() {
		HttpResponse<String> refused = send(new Attachment().setContentType("text/plain").setData(new byte[] {'M', 'Z', 0, 0}));

		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("Communication.payload[1].contentAttachment.data");
	}

	@Test
	void attachmentWhenRealPngThenStoredWithItsTitle() {
		HttpResponse<String> sent = send(new Attachment().setContentType("image/png").setTitle("rash.png").setData(PNG));

		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		Communication stored = sessions.parse(Communication.class, sent);
		assertThat(stored.getPayload().get(1).getContentAttachment().getTitle()).isEqualTo("rash.png");
		assertThat(stored.getPayload().get(1).getContentAttachment().getData()).isEqualTo(PNG);
	}

	private HttpResponse<String> send(Attachment attachment) {
		Communication message = MessagingWorkflowTest.message("Patient/" + patient, "Practitioner/" + doctor, "See attached");
		message.addPayload().setContent(attachment);
		return patientFhir.post("/Communication", "application/fhir+json", sessions.json(message));
	}
}
