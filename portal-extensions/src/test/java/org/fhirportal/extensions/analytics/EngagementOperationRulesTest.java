package org.fhirportal.extensions.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.ScopeSet;
import org.junit.jupiter.api.Test;

class EngagementOperationRulesTest {

	@Test
	void systemAuditEventReadAndSearchMakesAnAnalyst() {
		assertThat(EngagementOperationRules.isAnalyst(access("system/AuditEvent.rs", null, null))).isTrue();
		assertThat(EngagementOperationRules.isAnalyst(access("system/*.cruds", null, null))).isTrue();
	}

	@Test
	void readWithoutSearchOrOtherTypesIsNoAnalyst() {
		assertThat(EngagementOperationRules.isAnalyst(access("system/AuditEvent.r", null, null))).isFalse();
		assertThat(EngagementOperationRules.isAnalyst(access("system/Patient.rs system/Observation.rs", null, null))).isFalse();
	}

	@Test
	void userScopeMakesAPractitionerAnAnalystButNeverAPatientOrCaregiver() {
		assertThat(EngagementOperationRules.isAnalyst(access("user/AuditEvent.rs", "https://x/fhir/Practitioner/3", null))).isTrue();
		assertThat(EngagementOperationRules.isAnalyst(access("user/AuditEvent.rs", "https://x/fhir/Patient/12", null))).isFalse();
		assertThat(EngagementOperationRules.isAnalyst(access("user/AuditEvent.rs", "https://x/fhir/RelatedPerson/2", null))).isFalse();
		assertThat(EngagementOperationRules.isAnalyst(access("user/AuditEvent.rs", "https://x/fhir/Practitioner/3", "12"))).isFalse();
	}

	@Test
	void granularAuditScopeIsNoAnalyst() {
		assertThat(EngagementOperationRules.isAnalyst(access("system/AuditEvent.rs?type=rest", null, null))).isFalse();
	}

	private static SmartAccessContext access(String scopes, String fhirUser, String patient) {
		return new SmartAccessContext("sub", "client", Optional.ofNullable(fhirUser), Optional.ofNullable(patient), Optional.empty(),
				ScopeSet.parse(scopes), "jti", Instant.parse("2030-01-01T00:00:00Z"));
	}
}
