package org.fhirportal.auth.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScopeGrantPolicyTest {

	private static final String LAB = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

	@Test
	void grantWhenRequestNarrowerThanWildcardRegistrationThenGranted() {
		ScopeSet granted = ScopeGrantPolicy.grant(ScopeSet.parse("system/Observation.rs system/Patient.r"), ScopeSet.parse("system/*.cruds"));

		assertThat(granted.tokens()).containsExactly("system/Observation.rs", "system/Patient.r");
	}

	@Test
	void grantWhenV1RequestCoveredByV2RegistrationThenGranted() {
		assertThat(ScopeGrantPolicy.grant(ScopeSet.parse("system/*.read"), ScopeSet.parse("system/*.cruds")).tokens())
				.containsExactly("system/*.read");
	}

	@Test
	void grantWhenRequestEmptyThenRegistrationGranted() {
		ScopeSet registered = ScopeSet.parse("system/*.rs");

		assertThat(ScopeGrantPolicy.grant(ScopeSet.empty(), registered)).isEqualTo(registered);
	}

	@Test
	void grantWhenPermissionBeyondRegistrationThenInvalidScopeNamingIt() {
		assertThatThrownBy(() -> ScopeGrantPolicy.grant(ScopeSet.parse("system/Observation.cu"), ScopeSet.parse("system/*.rs")))
				.isInstanceOf(InvalidScopeException.class)
				.hasMessageContaining("system/Observation.cu");
	}

	@Test
	void grantWhenOtherContextThenInvalidScope() {
		assertThatThrownBy(() -> ScopeGrantPolicy.grant(ScopeSet.parse("patient/*.rs"), ScopeSet.parse("system/*.cruds")))
				.isInstanceOf(InvalidScopeException.class);
	}

	@Test
	void grantWhenGranularRegistrationThenSameGranularScopeOnly() {
		ScopeSet registered = ScopeSet.parse(LAB);

		assertThat(ScopeGrantPolicy.grant(ScopeSet.parse(LAB), registered).tokens()).hasSize(1);
		assertThatThrownBy(() -> ScopeGrantPolicy.grant(ScopeSet.parse("patient/Observation.rs"), registered))
				.isInstanceOf(InvalidScopeException.class);
	}

	@Test
	void grantWhenNonResourceScopeNotRegisteredThenInvalidScope() {
		assertThatThrownBy(() -> ScopeGrantPolicy.grant(ScopeSet.parse("offline_access"), ScopeSet.parse("system/*.rs")))
				.isInstanceOf(InvalidScopeException.class)
				.hasMessageContaining("offline_access");
	}
}
