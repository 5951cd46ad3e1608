package org.fhirportal.extensions.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.ScopeSet;
import org.fhirportal.extensions.access.AccessProperties.PractitionerReach;
import org.junit.jupiter.api.Test;

class AccessReachResolverTest {

	private final AccessReachResolver careRelationship = new AccessReachResolver(
			user -> user.equals("carer") ? Set.of("1", "2") : Set.of(), practitioner -> practitioner.equals("9") ? Set.of("3") : Set.of(),
			PractitionerReach.CARE_RELATIONSHIP);

	@Test
	void resolveWhenPatientUserThenOwnCompartmentInBothContexts() {
		AccessReaches reaches = careRelationship.resolve(token("alice", "Patient/1", null));

		assertThat(reaches.patient()).isEqualTo(AccessReach.patients(Set.of("1")));
		assertThat(reaches.user()).isEqualTo(AccessReach.patients(Set.of("1")));
		assertThat(reaches.patientFacing()).isTrue();
	}

	@Test
	void resolveWhenPatientUserLaunchedOnSomeoneElseThenNothing() {
		assertThat(careRelationship.resolve(token("alice", "Patient/1", "2")).patient().isNone()).isTrue();
	}

	@Test
	void resolveWhenCaregiverThenGrantedPatientsAndLaunchOnlyWithinGrants() {
		assertThat(careRelationship.resolve(token("carer", "https://portal.example/fhir/RelatedPerson/5", null)).user())
				.isEqualTo(AccessReach.patients(Set.of("1", "2")));
		assertThat(careRelationship.resolve(token("carer", "RelatedPerson/5", "2")).patient()).isEqualTo(AccessReach.patients(Set.of("2")));
		assertThat(careRelationship.resolve(token("carer", "RelatedPerson/5", "3")).patient().isNone()).isTrue();
		assertThat(careRelationship.resolve(token("stranger", "RelatedPerson/6", null)).user().isNone()).isTrue();
	}

	@Test
	void resolveWhenPractitionerThenPolicyDecides() {
		AccessReachResolver allPatients = new AccessReachResolver(user -> Set.of(), practitioner -> Set.of(), PractitionerReach.ALL_PATIENTS);

		assertThat(careRelationship.resolve(token("doc", "Practitioner/9", null)).user()).isEqualTo(AccessReach.patients(Set.of("3")));
		assertThat(allPatients.resolve(token("doc", "Practitioner/9", null)).user()).isEqualTo(AccessReach.EVERYWHERE);
		assertThat(careRelationship.resolve(token("doc", "Practitioner/9", null)).patientFacing()).isFalse();
	}

	@Test
	void resolveWhenBackendClientThenSystemEverywhereAndNoUserReach() {
		AccessReaches reaches = careRelationship.resolve(token("backend", null, null));

		assertThat(reaches.system()).isEqualTo(AccessReach.EVERYWHERE);
		assertThat(reaches.user().isNone()).isTrue();
		assertThat(reaches.patient().isNone()).isTrue();
	}

	private static SmartAccessContext token(String subject, String fhirUser, String patient) {
		return new SmartAccessContext(subject, "app", Optional.ofNullable(fhirUser), Optional.ofNullable(patient), Optional.empty(),
				ScopeSet.parse("user/*.rs"), "jti", Instant.now().plusSeconds(60));
	}
}
