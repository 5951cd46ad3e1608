package org.fhirportal.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The attachment size limit (here portal.messaging.max-attachment-size=64KB), inline and as a Binary. */
@PortalServerTest(properties = {
		"portal.release.held-categories=" + ReleaseOfResultsTest.LAB + "," + ReleaseOfResultsTest.REPORT_LAB,
		"portal.messaging.max-attachment-size=64KB"})
class MessagingAttachmentLimitTest {

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	@Test
	void attachmentWhenLargerThanTheLimitThen422AndWhenWithinThenAccepted() {
		PortalSessions sessions = new PortalSessions(port, fhirContext, users);
		WorkflowFixtures fixtures = new WorkflowFixtures(sessions);
		String doctor = fixtures.practitioner();
		String patient = fixtures.patientOf(doctor);
		RawHttp patientFhir = sessions.patient(patient, "patient/Communication.crs");
		Binary big = new Binary().setContentType("application/pdf");
		big.setData(pdf(64 * 1024 + 1));
		String bigBinary = sessions.create(big);

		HttpResponse<String> within = patientFhir.post("/Communication", "application/fhir+json", sessions.json(withAttachment(patient, doctor,
				new Attachment().setContentType("application/pdf").setData(pdf(64 * 1024)))));
		HttpResponse<String> inline = patientFhir.post("/Communication", "application/fhir+json", sessions.json(withAttachment(patient, doctor,
				new Attachment().setContentType("application/pdf").setData(pdf(64 * 1024 + 1)))));
		HttpResponse<String> binary = patientFhir.post("/Communication", "application/fhir+json", sessions.json(withAttachment(patient, doctor,
				new Attachment().setContentType("application/pdf").setUrl("Binary/" + bigBinary))));

		assertThat(within.statusCode()).as(within.body()).isEqualTo(201);
		assertThat(inline.statusCode()).isEqualTo(422);
		assertThat(inline.body()).contains("Communication.payload[1].contentAttachment").contains("65536");
		assertThat(binary.statusCode()).isEqualTo(422);
	}

	/** A PDF's worth of bytes: the PDF signature, then zeros. */
	private static byte[] pdf(int size) {
		byte[] data = new byte[size];
		System.arraycopy("%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, data, 0, 5);
		return data;
	}

	private static Communication withAttachment(String patient, String doctor, Attachment attachment) {
		Communication message = new Communication();
		message.setStatus(Communication.CommunicationStatus.COMPLETED);
		message.setSubject(new Reference("Patient/" + patient));
		message.setSender(new Reference("Patient/" + patient));
		message.addRecipient(new Reference("Practitioner/" + doctor));
		message.addPayload().setContent(new StringType("See attached"));
		message.addPayload().setContent(attachment);
		return message;
	}
}
