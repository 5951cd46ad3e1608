package org.fhirportal.auth.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fhirportal.auth.scope.Context.PATIENT;
import static org.fhirportal.auth.scope.Context.SYSTEM;
import static org.fhirportal.auth.scope.Context.USER;
import static org.fhirportal.auth.scope.Permission.CREATE;
import static org.fhirportal.auth.scope.Permission.DELETE;
import static org.fhirportal.auth.scope.Permission.READ;
import static org.fhirportal.auth.scope.Permission.SEARCH;
import static org.fhirportal.auth.scope.Permission.UPDATE;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeSetTest {

  private static final String ALL_NON_RESOURCE = "openid fhirUser profile launch launch/patient"
      + " launch/encounter offline_access online_access client.create client.read client.registration client.admin user.admin";

  @Test
  void parseWhenAllNonResourceScopesThenRecognisedAndNoResourceScopes() {
    ScopeSet set = ScopeSet.parse(ALL_NON_RESOURCE);

    assertThat(set.nonResourceScopes()).containsExactlyInAnyOrder(NonResourceScope.values());
    assertThat(set.resourceScopes()).isEmpty();
    assertThat(set.has("launch/patient")).isTrue();
    assertThat(set.has(NonResourceScope.OFFLINE_ACCESS)).isTrue();
    assertThat(set).hasToString(ALL_NON_RESOURCE);
  }

  @Test
  void parseWhenMixedThenSeparatesResourceFromNonResourceScopes() {
    ScopeSet set = ScopeSet.parse("openid patient/Observation.rs fhirUser user/*.read");

    assertThat(set.nonResourceScopes())
        .containsExactly(NonResourceScope.OPENID, NonResourceScope.FHIR_USER);
    assertThat(set.resourceScopes()).containsExactly(
        SmartScope.parse("patient/Observation.rs"), SmartScope.parse("user/*.read"));
    assertThat(set.tokens()).containsExactly("openid", "patient/Observation.rs", "fhirUser",
        "user/*.read");
    assertThat(set.has("profile")).isFalse();
  }

  @Test
  void parseWhenEmptyStringThenEmptySet() {
    assertThat(ScopeSet.parse("")).isSameAs(ScopeSet.empty());
    assertThat(ScopeSet.empty().isEmpty()).isTrue();
    assertThat(ScopeSet.empty()).hasToString("");
  }

  @ParameterizedTest
  @ValueSource(strings = {"openid  profile", " openid", "openid ", " "})
  void parseWhenEmptyPieceThenInvalid(String scopes) {
    assertThatThrownBy(() -> ScopeSet.parse(scopes))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("empty scope at position");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "openid email; 'email'; unknown scope",
      "openid OpenID; 'OpenID'; unknown scope",
      "launch/practitioner; 'launch/practitioner'; unknown launch context 'practitioner'",
      "launch/; 'launch/'; unknown launch context ''",
      "openid doctor/*.read; 'doctor/*.read'; unknown context 'doctor'",
      "patient/Observation.sr openid; 'patient/Observation.sr'; order c, r, u, d, s",
      "openid\tprofile; 'openid%09profile'; not allowed in an OAuth scope"})
  void parseWhenAnyScopeInvalidThenWholeSetInvalidNamingThatScope(String scopes, String named,
      String reason) {
    assertThatThrownBy(() -> ScopeSet.parse(scopes))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining(named).hasMessageContaining(reason);
  }

  @Test
  void parseWhenKnownTypesGivenThenUnknownTypeInvalid() {
    assertThatThrownBy(() -> ScopeSet.parse("openid patient/Foo.rs", Set.of("Patient")::contains))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("unknown resource type 'Foo'");
  }

  @Test
  void parseWhenDuplicatesThenKeptOnceInCanonicalForm() {
    ScopeSet set = ScopeSet.parse("openid patient/Observation.rs?code=a%7Cb openid"
        + " patient/Observation.rs?code=a|b");

    assertThat(set.tokens()).containsExactly("openid", "patient/Observation.rs?code=a|b");
    assertThat(set.resourceScopes()).hasSize(1);
    assertThat(set.has("patient/Observation.rs?code=a%7Cb")).isTrue();
  }

  @Test
  void hasWhenArgumentInvalidThenFalseNotException() {
    ScopeSet set = ScopeSet.parse("openid");

    assertThat(set.has("patient/Observation.sr")).isFalse();
    assertThat(set.has((String) null)).isFalse();
  }

  @Test
  void ofWhenCollectionOfScopesThenSameAsParse() {
    assertThat(ScopeSet.of(List.of("openid", "patient/*.read")))
        .isEqualTo(ScopeSet.parse("patient/*.read openid"));
    assertThatThrownBy(() -> ScopeSet.of(List.of("openid profile")))
        .isInstanceOf(InvalidScopeException.class);
  }

  @Test
  void allowsWhenV1ReadThenReadAndSearchOnlyInThatContext() {
    ScopeSet set = ScopeSet.parse("patient/*.read");

    assertThat(set.allows(PATIENT, "Observation", READ)).isTrue();
    assertThat(set.allows(PATIENT, "Condition", SEARCH)).isTrue();
    assertThat(set.allows(PATIENT, "Observation", CREATE)).isFalse();
    assertThat(set.allows(USER, "Observation", READ)).isFalse();
  }

  @Test
  void allowsWhenV1WriteThenCreateUpdateDeleteButNotRead() {
    ScopeSet set = ScopeSet.parse("user/Observation.write");

    assertThat(set.allows(USER, "Observation", CREATE)).isTrue();
    assertThat(set.allows(USER, "Observation", UPDATE)).isTrue();
    assertThat(set.allows(USER, "Observation", DELETE)).isTrue();
    assertThat(set.allows(USER, "Observation", READ)).isFalse();
    assertThat(set.allows(USER, "Condition", CREATE)).isFalse();
  }

  @Test
  void allowsWhenSystemWildcardThenEverythingInSystemContext() {
    ScopeSet set = ScopeSet.parse("system/*.*");

    for (Permission permission : Permission.values()) {
      assertThat(set.allows(SYSTEM, "Patient", permission)).isTrue();
    }
    assertThat(set.allows(PATIENT, "Patient", READ)).isFalse();
  }

  @Test
  void accessWhenOnlyGranularScopesThenConstrainedToTheirQueries() {
    ScopeSet set = ScopeSet.parse("patient/Observation.rs?category=laboratory"
        + " patient/Observation.rs?category=vital-signs patient/Observation.s?category=laboratory");

    ScopeAccess read = set.access(PATIENT, "Observation", READ);

    assertThat(read.allowed()).isTrue();
    assertThat(read.unrestricted()).isFalse();
    assertThat(read.constraints()).containsExactly(ScopeQuery.parse("category=laboratory"),
        ScopeQuery.parse("category=vital-signs"));
    assertThat(set.access(PATIENT, "Observation", SEARCH).constraints()).hasSize(2);
    assertThat(set.allows(PATIENT, "Observation", READ)).isTrue();
  }

  @Test
  void accessWhenAlsoUnconstrainedScopeThenUnrestricted() {
    ScopeSet set = ScopeSet.parse("patient/Observation.rs?category=laboratory patient/*.rs");

    assertThat(set.access(PATIENT, "Observation", READ)).isEqualTo(ScopeAccess.UNRESTRICTED);
  }

  @Test
  void accessWhenNothingCoversThenDenied() {
    ScopeSet set = ScopeSet.parse("openid patient/Observation.rs?category=laboratory");

    assertThat(set.access(PATIENT, "Condition", READ)).isEqualTo(ScopeAccess.DENIED);
    assertThat(set.access(PATIENT, "Observation", CREATE).allowed()).isFalse();
  }

  @Test
  void scopeAccessWhenDeniedWithConstraintsThenRejected() {
    List<ScopeQuery> one = List.of(ScopeQuery.parse("a=1"));

    assertThatThrownBy(() -> new ScopeAccess(false, one))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScopeAccess.constrained(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScopeAccess.constrained(List.of(ScopeQuery.none())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {ALL_NON_RESOURCE, "openid fhirUser launch/patient patient/*.read"
      + " user/Observation.write system/*.* patient/Observation.rs"
      + "?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"
      + " user/Condition.cruds offline_access"})
  void toStringWhenParsedThenRoundTrips(String scopes) {
    ScopeSet set = ScopeSet.parse(scopes);

    assertThat(set).hasToString(scopes);
    assertThat(ScopeSet.parse(set.toString())).isEqualTo(set).hasSameHashCodeAs(set);
  }

  @Test
  void equalsWhenSameScopesInOtherOrderThenEqual() {
    assertThat(ScopeSet.parse("openid patient/*.rs")).isEqualTo(ScopeSet.parse("patient/*.rs openid"))
        .isNotEqualTo(ScopeSet.parse("openid patient/*.read"));
  }

  @Test
  void viewsWhenModifiedThenUnsupported() {
    ScopeSet set = ScopeSet.parse("openid patient/*.rs");

    assertThatThrownBy(() -> set.resourceScopes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> set.nonResourceScopes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> set.tokens().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
