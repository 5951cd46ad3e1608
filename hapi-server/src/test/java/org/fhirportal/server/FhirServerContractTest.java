package org.fhirportal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fhirportal.server.support.TestResources.bookedAppointment;
import static org.fhirportal.server.support.TestResources.glucose;
import static org.fhirportal.server.support.TestResources.message;
import static org.fhirportal.server.support.TestResources.patient;
import static org.fhirportal.server.support.TestResources.unique;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The behaviour every storage back end (H2, PostgreSQL) must show over real HTTP: CRUD and search,
 * large and repeated transactions, includes, history, $everything, paging, and clear 4xx answers to bad input.
 */
public abstract class FhirServerContractTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected FhirContext fhirContext;

	protected IGenericClient client;
	protected RawHttp http;

	protected String adminToken;

	/** Every request carries a real token of the admin (EHR push) client, as an EHR's would. */
	@BeforeEach
	void connect() {
		adminToken = new TokenClient("http://127.0.0.1:" + port).adminToken("system/*.cruds");
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhirContext.getRestfulClientFactory().setSocketTimeout(300_000);
		client = fhirContext.newRestfulGenericClient(fhirBase());
		client.registerInterceptor(new BearerTokenAuthInterceptor(adminToken));
		http = new RawHttp(fhirBase(), adminToken);
	}

	protected String fhirBase() {
		return "http://127.0.0.1:" + port + "/fhir";
	}

	private Reference createPatient(String family) {
		IdType id = (IdType) client.create().resource(patient(family)).execute().getId();
		return new Reference(id.toUnqualifiedVersionless().getValue());
	}

	@Test
	void patientWhenCreatedThenReadUpdatedAndDeleted() {
		String family = unique("Crud");
		IdType id = (IdType) client.create().resource(patient(family)).execute().getId();

		Patient read = client.read().resource(Patient.class).withId(id.getIdPart()).execute();
		assertThat(read.getNameFirstRep().getFamily()).isEqualTo(family);

		read.getNameFirstRep().setFamily(family + "-renamed");
		MethodOutcome updated = client.update().resource(read).execute();
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

		client.delete().resourceById(id.toUnqualifiedVersionless()).execute();
		HttpResponse<String> gone = http.get("/Patient/" + id.getIdPart());
		assertThat(gone.statusCode()).isEqualTo(410);
	}

	@Test
	void patientSearchWhenByFamilyOrIdentifierThenFindsOnlyMatch() {
		String family = unique("Search");
		Patient created = patient(family);
		client.create().resource(created).execute();
		client.create().resource(patient(unique("Other"))).execute();

		Bundle byFamily = client.search().forResource(Patient.class)
				.where(Patient.FAMILY.matchesExactly().value(family)).returnBundle(Bundle.class).execute();
		Bundle byIdentifier = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(
						created.getIdentifierFirstRep().getSystem(), created.getIdentifierFirstRep().getValue()))
				.returnBundle(Bundle.class).execute();

		assertThat(byFamily.getEntry()).hasSize(1);
		assertThat(byIdentifier.getEntry()).hasSize(1);
	}

	@Test
	void observationWhenSearchedByPatientAndCategoryThenReturnsThatPatientsLabs() {
		Reference subject = createPatient(unique("Labs"));
		Reference other = createPatient(unique("Labs"));
		client.create().resource(glucose(subject, 95)).execute();
		client.create().resource(glucose(subject, 110)).execute();
		client.create().resource(glucose(other, 80)).execute();

		Bundle labs = client.search().byUrl("Observation?patient=" + subject.getReference() + "&category=laboratory")
				.returnBundle(Bundle.class).execute();

		assertThat(labs.getEntry()).hasSize(2);
		assertThat(labs.getEntry()).allSatisfy(e ->
				assertThat(((Observation) e.getResource()).getSubject().getReference()).isEqualTo(subject.getReference()));
	}

	@Test
	void appointmentWhenBookedThenSearchableByPatientAndStatusAndCancellable() {
		Reference subject = createPatient(unique("Appt"));
		IdType id = (IdType) client.create().resource(bookedAppointment(subject, new Date(System.currentTimeMillis() + 86_400_000L)))
				.execute().getId();

		Bundle booked = client.search().byUrl("Appointment?patient=" + subject.getReference() + "&status=booked")
				.returnBundle(Bundle.class).execute();
		assertThat(booked.getEntry()).hasSize(1);

		Appointment appointment = client.read().resource(Appointment.class).withId(id.toUnqualifiedVersionless()).execute();
		appointment.setStatus(Appointment.AppointmentStatus.CANCELLED);
		client.update().resource(appointment).execute();

		Bundle stillBooked = client.search().byUrl("Appointment?patient=" + subject.getReference() + "&status=booked")
				.returnBundle(Bundle.class).execute();
		assertThat(stillBooked.getEntry()).isEmpty();
	}

	@Test
	void communicationWhenSentThenSearchableByRecipientAndSender() {
		Reference subject = createPatient(unique("Msg"));
		Practitioner doctor = new Practitioner();
		doctor.addName().setFamily(unique("Doc"));
		Reference practitioner = new Reference(client.create().resource(doctor).execute().getId().toUnqualifiedVersionless().getValue());
		client.create().resource(message(practitioner, subject, "Your results are in")).execute();
		client.create().resource(message(subject, practitioner, "Thank you")).execute();

		Bundle toPatient = client.search().byUrl("Communication?recipient=" + subject.getReference()).returnBundle(Bundle.class).execute();
		Bundle fromPatient = client.search().byUrl("Communication?sender=" + subject.getReference()).returnBundle(Bundle.class).execute();

		assertThat(toPatient.getEntry()).singleElement().satisfies(e ->
				assertThat(((Communication) e.getResource()).getPayloadFirstRep().getContentStringType().getValue())
						.isEqualTo("Your results are in"));
		assertThat(fromPatient.getEntry()).hasSize(1);
	}

	@Test
	void transactionWhenThousandEntriesThenAllCommittedAtomically() {
		String mrn = unique("bulk");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Patient patient = patient(unique("Bulk"));
		patient.getIdentifierFirstRep().setValue(mrn);
		transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(patient)
				.getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		Reference subject = new Reference(transaction.getEntryFirstRep().getFullUrl());
		// 1,000 entries in all: portal.fhir.limits.max-bundle-entries
		for (int i = 0; i < 999; i++) {
			transaction.addEntry().setResource(glucose(subject, 70 + i % 50)).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
		}

		Bundle response = client.transaction().withBundle(transaction).execute();

		assertThat(response.getEntry()).hasSize(1_000);
		assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
		String patientId = new IdType(response.getEntryFirstRep().getResponse().getLocation()).toUnqualifiedVersionless().getValue();
		assertThat(count("Observation?subject=" + patientId)).isEqualTo(999);
	}

	@Test
	void transactionWhenPushedTwiceThenNoDuplicates() {
		String mrn = unique("repush");
		Bundle first = ehrPush(mrn);
		Bundle second = ehrPush(mrn);

		Bundle firstResponse = client.transaction().withBundle(first).execute();
		Bundle secondResponse = client.transaction().withBundle(second).execute();

		assertThat(firstResponse.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
		assertThat(secondResponse.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("200"));
		assertThat(count("Patient?identifier=" + org.fhirportal.server.support.TestResources.MRN_SYSTEM + "|" + mrn)).isEqualTo(1);
		assertThat(count("Observation?identifier=urn:fhirportal:test:lab|" + mrn + "-1")).isEqualTo(1);
		assertThat(count("Observation?identifier=urn:fhirportal:test:lab|" + mrn + "-2")).isEqualTo(1);
	}

	/** What an EHR sends: conditional update of the patient, conditional creates of results that reference it. */
	private Bundle ehrPush(String mrn) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Patient patient = patient("Repush");
		patient.getIdentifierFirstRep().setValue(mrn);
		String patientUrl = "urn:uuid:" + java.util.UUID.nameUUIDFromBytes(mrn.getBytes());
		bundle.addEntry().setFullUrl(patientUrl).setResource(patient).getRequest()
				.setMethod(HTTPVerb.PUT).setUrl("Patient?identifier=" + org.fhirportal.server.support.TestResources.MRN_SYSTEM + "|" + mrn);
		for (int i = 1; i <= 2; i++) {
			Observation lab = glucose(new Reference(patientUrl), 90 + i);
			lab.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-01-0" + i + "T10:00:00Z"));
			lab.addIdentifier().setSystem("urn:fhirportal:test:lab").setValue(mrn + "-" + i);
			bundle.addEntry().setResource(lab).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation")
					.setIfNoneExist("identifier=urn:fhirportal:test:lab|" + mrn + "-" + i);
		}
		return bundle;
	}

	@Test
	void transactionWhenReferenceInvalidThenBadRequestAndNothingWritten() {
		String family = unique("TxFail");
		String body = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"fullUrl":"urn:uuid:9a5a6bd3-2b6c-4a8b-9f6e-0d4f5c1e2a10","resource":{"resourceType":"Patient","name":[{"family":"%s"}]},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/does-not-exist"}},
				  "request":{"method":"POST","url":"Observation"}}]}""".formatted(family);

		HttpResponse<String> response = http.post("", "application/fhir+json", body);

		assertClientErrorWithOperationOutcome(response, 400);
		assertThat(count("Patient?family:exact=" + family)).isZero();
	}

	@Test
	void batchWhenOneEntryFailsThenTheOthersStillApplyAndEachEntryHasItsOutcome() {
		String family = unique("Batch");
		String body = """
				{"resourceType":"Bundle","type":"batch","entry":[
				 {"resource":{"resourceType":"Patient","name":[{"family":"%s"}]},"request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/does-not-exist"}},
				  "request":{"method":"POST","url":"Observation"}}]}""".formatted(family);

		HttpResponse<String> response = http.post("", "application/fhir+json", body);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle outcome = fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
		assertThat(outcome.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(outcome.getEntry().get(1).getResponse().getStatus()).startsWith("4");
		assertThat(outcome.getEntry().get(1).getResponse().getOutcome()).isInstanceOf(OperationOutcome.class);
		assertThat(count("Patient?family:exact=" + family)).isEqualTo(1);
	}

	@Test
	void corsWhenBrowserAppPreflightsThenOriginAllowedWithoutToken() {
		HttpResponse<String> preflight = new RawHttp(fhirBase()).send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(fhirBase() + "/Patient"))
				.method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
				.header("Origin", "https://app.example")
				.header("Access-Control-Request-Method", "GET")
				.header("Access-Control-Request-Headers", "authorization")
				.build());

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("authorization");
	}

	@Test
	void createWhenJsonMalformedThenBadRequestOperationOutcome() {
		assertClientErrorWithOperationOutcome(
				http.post("/Patient", "application/fhir+json", "{\"resourceType\":\"Patient\", \"name\": ["), 400);
	}

	@Test
	void createWhenXmlMalformedThenBadRequestOperationOutcome() {
		HttpResponse<String> response = http.post("/Patient", "application/fhir+xml", "<Patient xmlns=\"http://hl7.org/fhir\"><name>");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome");
	}

	@Test
	void requestWhenResourceTypeUnknownThenNotFoundOperationOutcome() {
		assertClientErrorWithOperationOutcome(http.get("/Foo", "Accept", "application/fhir+json"), 404);
		assertClientErrorWithOperationOutcome(http.post("/Foo", "application/fhir+json", "{\"resourceType\":\"Foo\"}"), 404);
	}

	@Test
	void createWhenContentTypeNotFhirThenBadRequestOperationOutcome() {
		assertClientErrorWithOperationOutcome(http.post("/Patient", "text/plain", "hello"), 400);
	}

	@Test
	void createWhenCodeInvalidThenBadRequestOperationOutcome() {
		assertClientErrorWithOperationOutcome(
				http.post("/Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"gender\":\"bogus\"}"), 400);
	}

	@Test
	void searchWhenIncludeAndRevincludeThenReferencedResourcesReturned() {
		Reference subject = createPatient(unique("Inc"));
		client.create().resource(glucose(subject, 99)).execute();
		client.create().resource(glucose(subject, 101)).execute();

		Bundle withInclude = client.search().byUrl("Observation?subject=" + subject.getReference() + "&_include=Observation:subject")
				.returnBundle(Bundle.class).execute();
		Bundle withRevinclude = client.search().byUrl("Patient?_id=" + new IdType(subject.getReference()).getIdPart()
				+ "&_revinclude=Observation:subject").returnBundle(Bundle.class).execute();

		assertThat(typesIn(withInclude)).containsExactlyInAnyOrder("Observation", "Observation", "Patient");
		assertThat(typesIn(withRevinclude)).containsExactlyInAnyOrder("Patient", "Observation", "Observation");
	}

	@Test
	void historyWhenResourceUpdatedThenAllVersionsListed() {
		Patient created = patient(unique("Hist"));
		IdType id = (IdType) client.create().resource(created).execute().getId();
		created.setId(id.toUnqualifiedVersionless());
		created.setActive(true);
		client.update().resource(created).execute();

		Bundle history = client.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();
		Patient first = client.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();

		assertThat(history.getEntry()).hasSize(2);
		assertThat(first.hasActive()).isFalse();
	}

	@Test
	void everythingWhenPatientHasDataThenCompartmentReturned() {
		Reference subject = createPatient(unique("Every"));
		client.create().resource(glucose(subject, 120)).execute();
		client.create().resource(bookedAppointment(subject, new Date())).execute();

		Bundle everything = client.operation().onInstance(new IdType(subject.getReference())).named("$everything")
				.withNoParameters(Parameters.class).returnResourceType(Bundle.class).execute();

		assertThat(typesIn(everything)).contains("Patient", "Observation", "Appointment");
	}

	@Test
	void searchWhenMoreResultsThanPageThenNextLinksReachEveryResult() {
		Reference subject = createPatient(unique("Page"));
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 25; i++) {
			transaction.addEntry().setResource(glucose(subject, i)).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
		}
		client.transaction().withBundle(transaction).execute();

		Bundle page = client.search().byUrl("Observation?subject=" + subject.getReference() + "&_count=10").returnBundle(Bundle.class).execute();
		Set<String> ids = new HashSet<>();
		int pages = 0;
		while (page != null) {
			pages++;
			page.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
			page = page.getLink(Bundle.LINK_NEXT) == null ? null : client.loadPage().next(page).execute();
		}

		assertThat(pages).isEqualTo(3);
		assertThat(ids).hasSize(25);
	}

	@Test
	void metadataWhenRequestedThenPublicCapabilityStatementListsPortalResources() {
		CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();

		List<String> types = capabilities.getRestFirstRep().getResource().stream()
				.map(CapabilityStatement.CapabilityStatementRestResourceComponent::getType).collect(Collectors.toList());
		assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(types).contains("Patient", "Observation", "Appointment", "Communication", "Slot", "Schedule");
	}

	@Test
	void healthWhenStartedThenUp() {
		HttpResponse<String> health = new RawHttp("http://127.0.0.1:" + port).get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	protected int count(String searchUrl) {
		Bundle bundle = client.search().byUrl(searchUrl + (searchUrl.contains("?") ? "&" : "?") + "_summary=count")
				.returnBundle(Bundle.class).execute();
		return bundle.getTotal();
	}

	private static List<String> typesIn(Bundle bundle) {
		List<String> types = new ArrayList<>();
		for (BundleEntryComponent entry : bundle.getEntry()) {
			types.add(entry.getResource().fhirType());
		}
		return types;
	}

	protected void assertClientErrorWithOperationOutcome(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).isNotBlank().doesNotContain("\tat ");
	}
}
