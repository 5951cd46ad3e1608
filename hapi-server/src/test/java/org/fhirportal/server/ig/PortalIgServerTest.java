package org.fhirportal.server.ig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fhirportal.server.support.TestResources.glucose;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fhirportal.ig.PortalIg;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portal IG on the assembled server, over real HTTP with a real (system) token: the package is installed
 * and its definitions are FHIR resources, portal writes must conform to the portal profiles (422 naming the
 * element otherwise) while plain EHR resources pass untouched, and the IG's search parameter works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PortalIgServerTest {

	@TempDir
	static Path dataDir;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("portal.data-dir", dataDir::toString);
	}

	@LocalServerPort
	int port;

	@Autowired
	FhirContext fhirContext;

	@Autowired
	PortalIgInstaller installer;

	@Autowired
	ValidatorWarmUp warmUp;

	IGenericClient client;
	PortalFixtures fixtures;

	@BeforeEach
	void connect() {
		String token = new TokenClient("http://127.0.0.1:" + port).adminToken("system/*.cruds");
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhirContext.getRestfulClientFactory().setSocketTimeout(300_000);
		client = fhirContext.newRestfulGenericClient("http://127.0.0.1:" + port + "/fhir");
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		fixtures = new PortalFixtures(client);
	}

	@Test
	void igDefinitionsWhenServerStartedThenReadableOverTheFhirApi() {
		assertThat(urls(StructureDefinition.class, "StructureDefinition?url:below=" + PortalIg.CANONICAL))
				.contains(PortalIg.MESSAGE_PROFILE, PortalIg.REFILL_REQUEST_PROFILE, PortalIg.APPOINTMENT_PROFILE,
						PortalIg.READ_AUDIT_PROFILE, PortalIg.SIGN_IN_AUDIT_PROFILE, PortalIg.RETURNED_RESOURCES_EXTENSION);
		assertThat(urls(OperationDefinition.class, "OperationDefinition?url:below=" + PortalIg.CANONICAL))
				.hasSize(9)
				.contains(PortalIg.CANONICAL + "/OperationDefinition/Patient-access-log",
						PortalIg.CANONICAL + "/OperationDefinition/MedicationRequest-request-refill",
						PortalIg.CANONICAL + "/OperationDefinition/engagement-effect");
		assertThat(urls(CapabilityStatement.class, "CapabilityStatement?url:below=" + PortalIg.CANONICAL)).hasSize(1);
		SearchParameter returnedResource = (SearchParameter) client.search()
				.byUrl("SearchParameter?url=" + PortalIg.RETURNED_RESOURCE_SEARCH_PARAMETER)
				.returnBundle(Bundle.class).execute().getEntryFirstRep().getResource();
		assertThat(returnedResource.getStatus().toCode()).isEqualTo("active");
	}

	@Test
	void portalMessageWhenConformingThenCreatedAndDeclaresTheProfile() {
		Reference patient = fixtures.patient();
		Communication message = PortalFixtures.messageFromPatient(patient, fixtures.practitioner(), "May I take it with food?");

		String id = client.create().resource(message).execute().getId().toUnqualifiedVersionless().getValue();

		Communication stored = client.read().resource(Communication.class).withUrl(id).execute();
		assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue()).contains(PortalIg.MESSAGE_PROFILE);
	}

	@Test
	void portalMessageWhenSubjectMissingThen422NamingTheElement() {
		Communication message = PortalFixtures.messageFromPatient(fixtures.patient(), fixtures.practitioner(), "Hello");
		message.setSubject(null);

		assertThatThrownBy(() -> client.create().resource(message).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(errorLocations(e))
						.anyMatch(location -> location.contains("Communication.subject")));
	}

	@Test
	void refillRequestWhenStatusOutsideTheRefillLifeThen422OnStatus() {
		Task refill = PortalFixtures.refillRequest(fixtures.patient(), fixtures.medicationRequest());
		refill.setStatus(Task.TaskStatus.DRAFT);

		assertThatThrownBy(() -> client.create().resource(refill).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(errorLocations(e))
						.anyMatch(location -> location.startsWith("Task.status")));
	}

	@Test
	void refillRequestWhenConformingThenCreated() {
		Task refill = PortalFixtures.refillRequest(fixtures.patient(), fixtures.medicationRequest());

		assertThat(client.create().resource(refill).execute().getCreated()).isTrue();
	}

	@Test
	void ehrMessageWhenPlainThenStoredUntouched() {
		Communication notice = new Communication().setStatus(Communication.CommunicationStatus.COMPLETED);
		notice.setSender(fixtures.practitioner());
		notice.addPayload().setContent(new StringType("Clinic closed on Friday"));

		String id = client.create().resource(notice).execute().getId().toUnqualifiedVersionless().getValue();

		assertThat(client.read().resource(Communication.class).withUrl(id).execute().getMeta().getProfile()).isEmpty();
	}

	@Test
	void returnedResourceSearchWhenObservationReadThenFindsItsReadAudit() {
		Reference patient = fixtures.patient();
		String seen = client.create().resource(glucose(patient, 101)).execute().getId().toUnqualifiedVersionless().getValue();
		String unseen = client.create().resource(glucose(patient, 99)).execute().getId().toUnqualifiedVersionless().getValue();

		client.read().resource(Observation.class).withId(seen).execute();
		Bundle whoReadIt = client.search().byUrl("AuditEvent?subtype=read&returned-resource=" + seen).returnBundle(Bundle.class).execute();
		Bundle whoReadTheOther = client.search().byUrl("AuditEvent?subtype=read&returned-resource=" + unseen).returnBundle(Bundle.class).execute();

		assertThat(whoReadIt.getEntry()).hasSize(1);
		assertThat(whoReadTheOther.getEntry()).isEmpty();
	}

	@Test
	void igExamplesWhenValidatedByTheServerThenConform() throws Exception {
		List<String> problems = warmUp.done().get(5, TimeUnit.MINUTES);

		assertThat(problems).isEmpty();
	}

	@Test
	void installerWhenPackageUnchangedThenInstallsNothing() {
		assertThat(installer.installIfChanged()).isEqualTo(PortalIgInstaller.Outcome.UNCHANGED);
	}

	private <T extends MetadataResource> List<String> urls(Class<T> type, String search) {
		return client.search().byUrl(search + "&_count=100").returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> type.cast(e.getResource()).getUrl()).toList();
	}

	private static List<String> errorLocations(UnprocessableEntityException e) {
		OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
		assertThat(outcome).as("422 carries an OperationOutcome").isNotNull();
		return outcome.getIssue().stream()
				.filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
				.flatMap(issue -> Stream.concat(
						issue.getExpression().stream().map(s -> s.getValue()),
						issue.getLocation().stream().map(s -> s.getValue())))
				.toList();
	}
}
