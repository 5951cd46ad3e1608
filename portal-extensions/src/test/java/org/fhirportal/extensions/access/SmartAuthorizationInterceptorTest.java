package org.fhirportal.extensions.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fhirportal.extensions.access.AccessProperties.PractitionerReach;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guard's rules for each scope form (v1, v2, granular, wildcard) and each kind of principal, over HTTP on
 * HAPI's RestfulServer with in-memory resource providers (HAPI's own AuthorizationInterceptor test style).
 */
class SmartAuthorizationInterceptorTest {

	private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

	private final Map<String, Set<String>> grants = new java.util.concurrent.ConcurrentHashMap<>();
	private final Map<String, Set<String>> careTeams = new java.util.concurrent.ConcurrentHashMap<>();

	@RegisterExtension
	final AccessTestServer server = new AccessTestServer();

	String p1;
	String p2;
	String p3;
	String lab1;
	String vital1;
	String lab2;
	String gp;
	IGenericClient admin;

	@BeforeEach
	void setUp() {
		AccessReachResolver resolver = new AccessReachResolver(u -> grants.getOrDefault(u, Set.of()),
				practitioner -> careTeams.getOrDefault(practitioner, Set.of()), PractitionerReach.CARE_RELATIONSHIP);
		OperationRules ping = (rules, access) -> rules.allow("test $ping").operation().named("$ping").onServer().andAllowAllResponses().andThen();
		SmartAuthorizationInterceptor guard = new SmartAuthorizationInterceptor(
				new PatientCompartmentRules(AccessProperties.defaults(), List.of(ping)), resolver);
		guard.setAuthorizationSearchParamMatcher(new CategoryMatcher());
		server.register(guard);
		admin = server.client(server.tokens.issue("ehr", null, null, "system/*.cruds"));
		p1 = create(admin, new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("One")));
		p2 = create(admin, new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Two")));
		p3 = create(admin, new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Three")));
		lab1 = create(admin, observation(p1, "laboratory"));
		vital1 = create(admin, observation(p1, "vital-signs"));
		lab2 = create(admin, observation(p2, "laboratory"));
		gp = create(admin, new Practitioner());
	}

	@Test
	void readWhenV1PatientScopeThenOwnCompartmentOnlyAndOtherPatientLooksMissing() {
		IGenericClient patient = patientUser(p1, "patient/*.read");

		assertThat(read(patient, "Observation", lab1)).isNotNull();
		assertThat(read(patient, "Patient", p1)).isNotNull();
		assertThatThrownBy(() -> read(patient, "Observation", lab2)).isInstanceOf(ResourceNotFoundException.class)
				.hasMessageContaining("Observation/" + lab2 + " is not known");
		assertThatThrownBy(() -> read(patient, "Patient", p2)).isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void readWhenV2TypeScopeThenOtherTypesForbidden() {
		IGenericClient patient = patientUser(p1, "patient/Observation.rs");

		assertThat(read(patient, "Observation", lab1)).isNotNull();
		assertThatThrownBy(() -> read(patient, "Patient", p1)).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void searchWhenOnlyReadLetterThenForbiddenAndReadAllowed() {
		IGenericClient patient = patientUser(p1, "patient/Patient.r");

		assertThat(read(patient, "Patient", p1)).isNotNull();
		assertThatThrownBy(() -> searchById(patient, "Patient", p1)).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void readWhenOnlySearchLetterThenForbiddenAndSearchAllowed() {
		IGenericClient patient = patientUser(p1, "patient/Patient.s");

		assertThat(searchById(patient, "Patient", p1).getEntry()).hasSize(1);
		assertThatThrownBy(() -> read(patient, "Patient", p1)).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void searchWhenNotNarrowedToTheCompartmentThenRefusedAndWhenNarrowedThenReturned() {
		IGenericClient patient = patientUser(p1, "patient/*.rs");

		assertThatThrownBy(() -> patient.search().forResource("Observation").returnBundle(Bundle.class).execute())
				.isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> searchById(patient, "Patient", p2)).isInstanceOf(ForbiddenOperationException.class);
		assertThat(searchById(patient, "Patient", p1).getEntry()).hasSize(1);
	}

	@Test
	void readWhenGranularScopeThenOnlyMatchingResources() {
		IGenericClient patient = patientUser(p1, "patient/Observation.rs?category=" + CATEGORY + "|laboratory");

		assertThat(read(patient, "Observation", lab1)).isNotNull();
		assertThatThrownBy(() -> read(patient, "Observation", vital1)).isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(() -> read(patient, "Observation", lab2)).isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void readWhenGranularSystemScopeThenMatchingResourcesOfEveryPatient() {
		IGenericClient backend = server.client(server.tokens.issue("lab-feed", null, null, "system/Observation.rs?category=" + CATEGORY + "|laboratory"));

		assertThat(read(backend, "Observation", lab1)).isNotNull();
		assertThat(read(backend, "Observation", lab2)).isNotNull();
		assertThatThrownBy(() -> read(backend, "Observation", vital1)).isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void readWhenCaregiverThenPatientsOfActiveGrantsOnly() {
		grants.put("carer", Set.of(p1, p2));
		IGenericClient caregiver = server.client(server.tokens.issue("carer", "RelatedPerson/rp1", null, "user/*.rs"));

		assertThat(read(caregiver, "Observation", lab1)).isNotNull();
		assertThat(read(caregiver, "Observation", lab2)).isNotNull();
		assertThatThrownBy(() -> read(caregiver, "Patient", p3)).isInstanceOf(ResourceNotFoundException.class);

		grants.put("carer", Set.of(p1));

		assertThatThrownBy(() -> read(caregiver, "Observation", lab2)).isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void readWhenCaregiverLaunchedOnPatientWithoutGrantThenNothing() {
		grants.put("carer", Set.of(p1));
		IGenericClient caregiver = server.client(server.tokens.issue("carer", "RelatedPerson/rp1", p2, "patient/*.rs"));

		assertThatThrownBy(() -> read(caregiver, "Observation", lab2)).isInstanceOf(ResourceNotFoundException.class);
		assertThatThrownBy(() -> read(caregiver, "Observation", lab1)).isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void readWhenPractitionerThenPatientsInCareRelationshipOnly() {
		careTeams.put(gp, Set.of(p2));
		IGenericClient practitioner = server.client(server.tokens.issue("doc", "Practitioner/" + gp, null, "user/*.cruds"));

		assertThat(read(practitioner, "Observation", lab2)).isNotNull();
		assertThatThrownBy(() -> read(practitioner, "Observation", lab1)).isInstanceOf(ResourceNotFoundException.class);
		assertThat(create(practitioner, observation(p2, "laboratory"))).isNotNull();
		assertThatThrownBy(() -> create(practitioner, observation(p1, "laboratory"))).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void readWhenSharedDirectoryTypeThenReadableByPatientWithScopeForIt() {
		IGenericClient patient = patientUser(p1, "patient/*.rs");

		assertThat(read(patient, "Practitioner", gp)).isNotNull();
		assertThatThrownBy(() -> read(patientUser(p1, "patient/Observation.rs"), "Practitioner", gp))
				.isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void createWhenPatientWritesPortalTypeInOwnCompartmentThenAllowedElsewhereForbidden() {
		IGenericClient patient = patientUser(p1, "patient/*.cruds");

		assertThat(create(patient, message(p1))).isNotNull();
		assertThatThrownBy(() -> create(patient, message(p2))).isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> create(patient, observation(p1, "laboratory"))).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void updateWhenPatientMovesSubjectToAnotherPatientThenForbidden() {
		IGenericClient patient = patientUser(p1, "patient/*.cruds");
		String id = create(patient, message(p1));

		Communication moved = message(p2);
		moved.setId("Communication/" + id);

		assertThatThrownBy(() -> patient.update().resource(moved).execute()).isInstanceOf(ForbiddenOperationException.class);
		assertThat(read(admin, "Communication", id)).isNotNull();
	}

	@Test
	void createWhenOnlyUpdateLetterThenForbidden() {
		IGenericClient patient = patientUser(p1, "patient/Communication.ru");

		assertThatThrownBy(() -> create(patient, message(p1))).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void writeWhenSystemCreateUpdateScopeThenWritesAnywhereButReadsNothing() {
		IGenericClient ehrPush = server.client(server.tokens.issue("ehr-push", null, null, "system/*.cu"));

		assertThat(create(ehrPush, observation(p3, "laboratory"))).isNotNull();
		assertThatThrownBy(() -> read(ehrPush, "Observation", lab1)).isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> ehrPush.delete().resourceById("Observation", lab1).execute()).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void auditEventWhenAnalyticsScopeThenReadableAndNeverChangedByAnyone() {
		String event = create(admin, new AuditEvent().setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110", "Patient Record")));
		IGenericClient analytics = server.client(server.tokens.issue("analytics", null, null, "system/AuditEvent.rs"));
		IGenericClient patient = patientUser(p1, "patient/*.cruds");

		assertThat(read(analytics, "AuditEvent", event)).isNotNull();
		assertThatThrownBy(() -> read(analytics, "Observation", lab1)).isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> patient.search().forResource("AuditEvent").returnBundle(Bundle.class).execute())
				.isInstanceOf(ForbiddenOperationException.class);
		assertThatThrownBy(() -> admin.delete().resourceById("AuditEvent", event).execute()).isInstanceOf(ForbiddenOperationException.class);
		AuditEvent changed = read(admin, "AuditEvent", event) instanceof AuditEvent a ? a : null;
		assertThatThrownBy(() -> admin.update().resource(changed.setOutcome(AuditEvent.AuditEventOutcome._4)).execute())
				.isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void requestWhenNoTokenThenOnlyCapabilities() {
		IGenericClient anonymous = server.client(null);

		assertThat(anonymous.capabilities().ofType(org.hl7.fhir.r4.model.CapabilityStatement.class).execute()).isNotNull();
		assertThatThrownBy(() -> read(anonymous, "Patient", p1)).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void featureOperationWhenContributedThenAllowedBeforeTheFinalDeny() {
		IGenericClient patient = patientUser(p1, "patient/*.rs");

		assertThat(patient.operation().onServer().named("$ping").withNoParameters(org.hl7.fhir.r4.model.Parameters.class).execute()
				.getParameterBool("pong")).isTrue();
		assertThatThrownBy(() -> patient.operation().onServer().named("$other").withNoParameters(org.hl7.fhir.r4.model.Parameters.class).execute())
				.isInstanceOf(ForbiddenOperationException.class);
	}

	private IGenericClient patientUser(String patientId, String scopes) {
		return server.client(server.tokens.issue("user-" + patientId, "Patient/" + patientId, null, scopes));
	}

	private static Observation observation(String patientId, String category) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory(new CodeableConcept(new Coding(CATEGORY, category, category)));
		observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "2339-0", "Glucose")));
		observation.setSubject(new Reference("Patient/" + patientId));
		return observation;
	}

	private static Communication message(String patientId) {
		Communication message = new Communication();
		message.setStatus(Communication.CommunicationStatus.COMPLETED);
		message.setSubject(new Reference("Patient/" + patientId));
		message.addPayload().setContent(new org.hl7.fhir.r4.model.StringType("Hello"));
		return message;
	}

	private static String create(IGenericClient client, org.hl7.fhir.r4.model.Resource resource) {
		IIdType id = client.create().resource(resource).execute().getId();
		return id.getIdPart();
	}

	private static org.hl7.fhir.instance.model.api.IBaseResource read(IGenericClient client, String type, String id) {
		return client.read().resource(type).withId(id).execute();
	}

	private static Bundle searchById(IGenericClient client, String type, String id) {
		return client.search().forResource(type).where(org.hl7.fhir.r4.model.Resource.RES_ID.exactly().code(id))
				.returnBundle(Bundle.class).execute();
	}
}
