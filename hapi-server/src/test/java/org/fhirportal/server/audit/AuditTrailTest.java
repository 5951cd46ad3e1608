package org.fhirportal.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The completeness of the read audit over real HTTP with real tokens: a patient's app performs a known list of
 * interactions, allowed and refused; afterwards exactly the expected AuditEvents exist, each valid against its
 * IG profile, only auditors can search them, nobody can write them, and the patient's access log tells the
 * reads in plain terms.
 */
@PortalServerTest
class AuditTrailTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final String SCOPE = "openid fhirUser launch/patient patient/*.rs";
	private static final String RETURNED = "http://fhirportal.org/fhir/StructureDefinition/returned-resources";

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Autowired
	FhirContext fhirContext;

	@Autowired
	IValidationSupport validationSupport;

	@Autowired
	ApplicationEventPublisher events;

	String root;
	RawHttp adminFhir;
	RawHttp auditor;
	RawHttp patientFhir;
	String clientId;
	String mine;
	String theirs;
	List<String> myLabs = new ArrayList<>();
	String theirLab;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		TokenClient tokens = new TokenClient(root);
		adminFhir = new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds"));
		auditor = new RawHttp(root + "/fhir", tokens.adminToken("system/AuditEvent.rs"));
		mine = createPatient("Audited");
		theirs = createPatient("Other");
		for (int i = 0; i < 3; i++) {
			myLabs.add(createLab(mine, 90 + i));
		}
		theirLab = createLab(theirs, 150);
		String username = TestResources.unique("patient");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + mine, "Audited Patient");
		clientId = new ClientRegistrations(root).publicApp("Health Diary", SmartAppLaunch.REDIRECT, SCOPE);
		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, SCOPE);
		patientFhir = new RawHttp(root + "/fhir", tokens.field(token.body(), "access_token"));
	}

	@Test
	void sessionOfEveryKindThenExactlyTheExpectedValidRecords() {
		assertThat(patientFhir.get("/Patient/" + mine).statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation/" + myLabs.get(0)).statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation/" + myLabs.get(0) + "/_history/1").statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation?_count=2").statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation?_include=Observation:subject").statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Patient/" + mine + "/_history").statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Patient/" + mine + "/$everything").statusCode()).isEqualTo(200);
		HttpResponse<String> batch = patientFhir.post("", "application/fhir+json", """
				{"resourceType":"Bundle","type":"batch","entry":[
				 {"request":{"method":"GET","url":"Patient/%s"}},
				 {"request":{"method":"GET","url":"Observation?patient=%s"}}]}""".formatted(mine, mine));
		assertThat(batch.statusCode()).isEqualTo(200);
		assertThat(patientFhir.get("/Observation/" + theirLab).statusCode()).isEqualTo(404); // another patient's resource answers as if it did not exist
		assertThat(new RawHttp(root + "/fhir").get("/Observation/" + theirLab).statusCode()).isEqualTo(401);

		List<AuditEvent> mineAudited = search("AuditEvent?agent=Patient/" + mine + "&type=rest&_count=100", 10);

		// Access control's search narrowing may turn a batch's read entry into a search; the audit records what was answered.
		String batchRead = bundle(batch).getEntryFirstRep().getResource() instanceof Bundle ? "search-type" : "read";
		assertThat(mineAudited).extracting(e -> e.getSubtypeFirstRep().getCode() + " " + e.getOutcome().toCode() + " " + patientOf(e))
				.as("records %s of batch %s", mineAudited.stream().map(e -> e.getSubtypeFirstRep().getCode() + " " + queryOrData(e)).toList(),
						batch.body())
				.containsExactlyInAnyOrder(
						"read 0 " + mine, "read 0 " + mine, "vread 0 " + mine,
						"search-type 0 " + mine, "search-type 0 " + mine,
						"history-instance 0 " + mine, "operation 0 " + mine,
						batchRead + " 0 " + mine, "search-type 0 " + mine,
						"read 4 none");
		assertThat(mineAudited).allSatisfy(event -> {
			assertThat(agentPolicy(event)).as("token jti as agent policy").isPresent();
			assertThat(clientOf(event)).isEqualTo(clientId);
			assertValid(event);
		});
		assertThat(mineAudited).filteredOn(e -> "search-type".equals(e.getSubtypeFirstRep().getCode()))
				.allSatisfy(e -> assertThat(e.getEntity()).anyMatch(entity -> "24".equals(entity.getRole().getCode()) && entity.hasQuery()));
		AuditEvent everything = mineAudited.stream().filter(e -> "operation".equals(e.getSubtypeFirstRep().getCode())).findFirst().orElseThrow();
		assertThat(returned(everything)).contains("Patient/" + mine).containsAll(myLabs.stream().map(id -> "Observation/" + id).toList());
		assertThat(returned(everything)).doesNotContain("Observation/" + theirLab);

		List<AuditEvent> unauthenticated = search("AuditEvent?entity=Observation/" + theirLab + "&outcome=4", 2);
		assertThat(unauthenticated).extracting(e -> e.getOutcomeDesc()).contains("no access token");
		unauthenticated.forEach(this::assertValid);
	}

	@Test
	void searchPagesThenEachPageRecordedWithItsOwnResources() {
		HttpResponse<String> firstPage = adminFhir.get("/Observation?patient=" + mine + "&_count=2&_sort=_id");
		String next = bundle(firstPage).getLink(Bundle.LINK_NEXT).getUrl();
		HttpResponse<String> secondPage = adminFhir.send(java.net.http.HttpRequest.newBuilder(URI.create(next)).GET().build());
		assertThat(secondPage.statusCode()).isEqualTo(200);

		List<AuditEvent> pages = search("AuditEvent?patient=" + mine + "&subtype=search-type", 2).stream()
				.filter(e -> !returned(e).isEmpty() && myLabs.containsAll(returned(e).stream().map(r -> r.split("/")[1]).toList()))
				.toList();

		assertThat(pages).extracting(e -> returned(e).size()).containsExactlyInAnyOrder(2, 1);
		assertThat(pages).flatExtracting(this::returned).containsExactlyInAnyOrderElementsOf(
				myLabs.stream().map(id -> "Observation/" + id).toList());
		pages.forEach(this::assertValid);
	}

	@Test
	void searchReturningSeveralPatientsThenOneRecordPerPatient() {
		HttpResponse<String> response = adminFhir.get("/Observation?_id=" + myLabs.get(1) + "," + theirLab);
		assertThat(response.statusCode()).isEqualTo(200);

		List<AuditEvent> records = search("AuditEvent?returned-resource=Observation/" + theirLab + ",Observation/" + myLabs.get(1)
				+ "&subtype=search-type", 2);

		assertThat(records).extracting(this::patientOf).containsExactlyInAnyOrder(mine, theirs);
		assertThat(records).extracting(this::returned).containsExactlyInAnyOrder(
				List.of("Observation/" + myLabs.get(1)), List.of("Observation/" + theirLab));
		records.forEach(this::assertValid);
	}

	@Test
	void securityEventsThenRecordedAsSignInAudits() {
		String username = TestResources.unique("signin");
		events.publishEvent(new SecurityAuditEvent(SecurityAuditEvent.Type.SIGN_IN, Optional.of(username), Optional.of("Patient/" + mine),
				Optional.of(clientId), true, "password", Optional.of("127.0.0.1"), Instant.now()));
		events.publishEvent(new SecurityAuditEvent(SecurityAuditEvent.Type.SIGN_IN, Optional.of(username), Optional.empty(),
				Optional.of(clientId), false, "bad credentials", Optional.of("127.0.0.1"), Instant.now()));
		events.publishEvent(new SecurityAuditEvent(SecurityAuditEvent.Type.TOKEN_REVOKED, Optional.of(username), Optional.empty(),
				Optional.of(clientId), true, "refresh token", Optional.empty(), Instant.now()));

		List<AuditEvent> signIns = search("AuditEvent?type=110114&_count=500", 3).stream()
				.filter(e -> e.getAgent().stream().anyMatch(a -> username.equals(a.getName())))
				.toList();

		assertThat(signIns).extracting(e -> e.getSubtypeFirstRep().getCode() + " " + e.getOutcome().toCode())
				.containsExactlyInAnyOrder("110122 0", "110122 4", "token_revoked 0");
		signIns.forEach(this::assertValid);
	}

	@Test
	void auditTrailWhenPatientOrWriterThenRefused() {
		assertThat(patientFhir.get("/AuditEvent").statusCode()).isEqualTo(403);
		assertThat(patientFhir.get("/Patient/" + theirs + "/$access-log").statusCode()).isEqualTo(403);
		HttpResponse<String> create = adminFhir.post("/AuditEvent", "application/fhir+json",
				"{\"resourceType\":\"AuditEvent\",\"recorded\":\"2026-01-01T00:00:00Z\"}");
		HttpResponse<String> transaction = adminFhir.post("", "application/fhir+json", """
				{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"AuditEvent",
				 "type":{"code":"rest"},"recorded":"2026-01-01T00:00:00Z","agent":[{"requestor":true}],"source":{"observer":{"display":"x"}}},
				 "request":{"method":"POST","url":"AuditEvent"}}]}""");

		assertThat(create.statusCode()).isBetween(400, 499);
		assertThat(transaction.statusCode()).isBetween(400, 499);
		HttpResponse<String> first = auditor.get("/AuditEvent?_count=1");
		assertThat(first.statusCode()).isEqualTo(200);
		String next = bundle(first).getLink(Bundle.LINK_NEXT).getUrl();
		assertThat(next).contains("_offset=1");
		HttpResponse<String> second = auditor.send(java.net.http.HttpRequest.newBuilder(URI.create(next)).GET().build());
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(bundle(second).getEntryFirstRep().getResource().getIdElement().getIdPartAsLong())
				.as("oldest first: the next page continues where the first ended, whatever was appended meanwhile")
				.isGreaterThan(bundle(first).getEntryFirstRep().getResource().getIdElement().getIdPartAsLong());
	}

	@Test
	void accessLogWhenOwnRecordThenPlainTermsWithoutInternals() {
		assertThat(patientFhir.get("/Observation/" + myLabs.get(2)).statusCode()).isEqualTo(200);
		assertThat(adminFhir.get("/Observation/" + myLabs.get(2)).statusCode()).isEqualTo(200);

		HttpResponse<String> log = patientFhir.get("/Patient/" + mine + "/$access-log?_count=50");

		assertThat(log.statusCode()).isEqualTo(200);
		assertThat(log.body()).contains("Health Diary", "You", "test results and measurements")
				.doesNotContain("\"policy\"", "\"network\"", "\"address\"", "\"query\"");
		List<AuditEvent> entries = bundle(log).getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
		assertThat(entries).extracting(e -> e.getAgentFirstRep().getWho().getDisplay()).contains("You", "A connected system");
	}

	private List<AuditEvent> search(String query, int atLeast) {
		return Await.until(query + " gives " + atLeast + " records", Duration.ofSeconds(20), () -> {
			HttpResponse<String> response = auditor.get("/" + query);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			List<AuditEvent> found = bundle(response).getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
			return found.size() >= atLeast ? Optional.of(found) : Optional.empty();
		});
	}

	private void assertValid(AuditEvent event) {
		FhirValidator validator = fhirContext.newValidator();
		validator.registerValidatorModule(new FhirInstanceValidator(validationSupport));
		ValidationResult result = validator.validateWithResult(event);
		assertThat(result.getMessages())
				.filteredOn(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.as(fhirContext.newJsonParser().encodeResourceToString(event))
				.isEmpty();
	}

	private Bundle bundle(HttpResponse<String> response) {
		return fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private String patientOf(AuditEvent event) {
		return event.getEntity().stream().filter(e -> "1".equals(e.getRole().getCode()))
				.map(e -> e.getWhat().getReferenceElement().getIdPart()).findFirst().orElse("none");
	}

	private String queryOrData(AuditEvent event) {
		return event.getEntity().stream().filter(e -> !"1".equals(e.getRole().getCode()))
				.map(e -> e.hasDescription() ? e.getDescription() : e.getWhat().getReference()).toList().toString();
	}

	private List<String> returned(AuditEvent event) {
		return event.getExtensionsByUrl(RETURNED).stream().map(Extension::getValue).map(v -> ((Reference) v).getReference()).toList();
	}

	private Optional<String> agentPolicy(AuditEvent event) {
		return event.getAgent().stream().filter(a -> a.getRequestor()).flatMap(a -> a.getPolicy().stream()).map(p -> p.getValue()).findFirst();
	}

	private String clientOf(AuditEvent event) {
		return event.getAgent().stream().filter(a -> a.getWho().hasIdentifier()
				&& "http://fhirportal.org/fhir/sid/smart-client-id".equals(a.getWho().getIdentifier().getSystem()))
				.map(a -> a.getWho().getIdentifier().getValue()).findFirst().orElse(null);
	}

	private String createPatient(String family) {
		HttpResponse<String> created = adminFhir.post("/Patient", "application/fhir+json",
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	private String createLab(String patientId, double value) {
		String body = fhirContext.newJsonParser().encodeResourceToString(TestResources.glucose(new Reference("Patient/" + patientId), value));
		HttpResponse<String> created = adminFhir.post("/Observation", "application/fhir+json", body);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}
}
