package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.RecordingHttpEndpoint;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Issue 22, item 1: no XML body at {@code /fhir} may declare a DOCTYPE, an external entity or an XInclude, whatever
 * path parses it (XML Patch, FHIR XML): the answer is 400 with an OperationOutcome, the resource is unchanged and
 * nothing is fetched (no file read, no request to another host).
 */
@PortalServerTest
class XmlExternalEntityTest {

	private static final String XML_PATCH = "application/xml-patch+xml";
	private static final String ORIGINAL = "original answer";
	private static final String ANSWER = "/f:QuestionnaireResponse/f:item/f:answer/f:valueString/@value";

	@LocalServerPort
	int port;

	@Autowired
	FhirContext fhirContext;

	@Autowired
	JdbcPortalUsers users;

	@Autowired
	RegisteredClientRepository clients;

	PortalSessions sessions;
	RawHttp patient;
	String responseId;
	RecordingHttpEndpoint attackerHost;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users, clients);
		String patientId = sessions.create(TestResources.patient(TestResources.unique("Xxe")));
		QuestionnaireResponse answers = new QuestionnaireResponse();
		answers.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
		answers.setSubject(new Reference("Patient/" + patientId));
		answers.addItem().setLinkId("note").addAnswer().setValue(new StringType(ORIGINAL));
		responseId = sessions.create(answers);
		patient = sessions.patient(patientId, "patient/QuestionnaireResponse.cru patient/Patient.rs");
		attackerHost = new RecordingHttpEndpoint();
	}

	@AfterEach
	void tearDown() {
		attackerHost.close();
	}

	@Test
	void xmlPatchWhenNoDoctypeThenApplied() {
		HttpResponse<String> patched = patch(answerPatch("", "patched answer"));

		assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
		assertThat(answer()).isEqualTo("patched answer");
	}

	@Test
	void xmlPatchWhenExternalFileEntityThenRefusedAndResourceUnchanged() {
		HttpResponse<String> patched = patch(answerPatch("<!DOCTYPE diff [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>", "&x;"));

		assertRefusedWithOperationOutcome(patched);
		assertThat(answer()).isEqualTo(ORIGINAL);
	}

	@Test
	void xmlPatchWhenHttpEntityThenRefusedAndNothingFetched() {
		String entity = "<!DOCTYPE diff [<!ENTITY x SYSTEM \"" + attackerHost.url("/ssrf") + "\">]>";

		HttpResponse<String> patched = patch(answerPatch(entity, "&x;"));

		assertRefusedWithOperationOutcome(patched);
		assertThat(attackerHost.bodies()).isEmpty();
		assertThat(answer()).isEqualTo(ORIGINAL);
	}

	@Test
	void xmlPatchWhenExternalDtdOnlyThenRefusedAndNothingFetched() {
		String dtd = "<!DOCTYPE diff SYSTEM \"" + attackerHost.url("/evil.dtd") + "\">";

		assertRefusedWithOperationOutcome(patch(answerPatch(dtd, "patched answer")));
		assertThat(attackerHost.bodies()).isEmpty();
		assertThat(answer()).isEqualTo(ORIGINAL);
	}

	@Test
	void xmlPatchWhenXIncludeThenRefused() {
		String body = "<diff xmlns:f=\"http://hl7.org/fhir\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
				+ "<replace sel=\"" + ANSWER + "\"><xi:include href=\"file:///etc/hostname\" parse=\"text\"/></replace>"
				+ "</diff>";

		assertRefusedWithOperationOutcome(patch(body));
		assertThat(answer()).isEqualTo(ORIGINAL);
	}

	@Test
	void fhirXmlWriteWhenDoctypeThenRefused() {
		String body = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
				+ "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&x;\"/></name></Patient>";

		HttpResponse<String> created = sessions.admin().post("/Patient", "application/fhir+xml", body);

		assertRefusedWithOperationOutcome(created);
	}

	@Test
	void fhirXmlWriteWhenEntityExpansionBombThenRefusedQuickly() {
		String body = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
				+ "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
				+ "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&d;\"/></name></Patient>";

		assertRefusedWithOperationOutcome(sessions.admin().post("/Patient", "application/xml", body));
	}

	@Test
	void fhirXmlWriteWhenPlainXmlThenStored() {
		String family = TestResources.unique("Plain");
		String body = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"" + family + "\"/></name></Patient>";

		HttpResponse<String> created = sessions.admin().post("/Patient", "application/fhir+xml", body);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
		assertThat(sessions.read(Patient.class, id).getNameFirstRep().getFamily()).isEqualTo(family);
	}

	private static String answerPatch(String prolog, String value) {
		return prolog + "<diff xmlns:f=\"http://hl7.org/fhir\"><replace sel=\"" + ANSWER + "\">" + value + "</replace></diff>";
	}

	private HttpResponse<String> patch(String body) {
		return patient.send(HttpRequest.newBuilder(URI.create(sessions.root() + "/fhir/QuestionnaireResponse/" + responseId))
				.header("Content-Type", XML_PATCH)
				.header("Accept", "application/fhir+json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString(body))
				.build());
	}

	private String answer() {
		return sessions.read(QuestionnaireResponse.class, responseId).getItemFirstRep().getAnswerFirstRep().getValueStringType().getValue();
	}

	private static java.util.Optional<String> hostname() {
		try {
			return java.util.Optional.of(java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).trim()).filter(name -> name.length() > 3);
		} catch (java.io.IOException e) {
			return java.util.Optional.empty();
		}
	}

	private static void assertRefusedWithOperationOutcome(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"");
		hostname().ifPresent(name -> assertThat(response.body()).doesNotContain(name));
	}
}
