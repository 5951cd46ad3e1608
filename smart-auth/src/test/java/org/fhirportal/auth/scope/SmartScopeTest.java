package org.fhirportal.auth.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fhirportal.auth.scope.Permission.CREATE;
import static org.fhirportal.auth.scope.Permission.DELETE;
import static org.fhirportal.auth.scope.Permission.READ;
import static org.fhirportal.auth.scope.Permission.SEARCH;
import static org.fhirportal.auth.scope.Permission.UPDATE;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmartScopeTest {

  private static final String LAB = "http://terminology.hl7.org/CodeSystem/observation-category";

  @Test
  void parseWhenV1ReadThenReadAndSearch() {
    SmartScope scope = SmartScope.parse("patient/*.read");

    assertThat(scope.context()).isEqualTo(Context.PATIENT);
    assertThat(scope.resourceType()).isEqualTo("*");
    assertThat(scope.isAnyType()).isTrue();
    assertThat(scope.permissions()).containsExactly(READ, SEARCH);
    assertThat(scope.version()).isEqualTo(ScopeVersion.V1);
    assertThat(scope.isGranular()).isFalse();
  }

  @Test
  void parseWhenV1WriteThenCreateUpdateDelete() {
    SmartScope scope = SmartScope.parse("user/Observation.write");

    assertThat(scope.context()).isEqualTo(Context.USER);
    assertThat(scope.resourceType()).isEqualTo("Observation");
    assertThat(scope.permissions()).containsExactly(CREATE, UPDATE, DELETE);
    assertThat(scope.version()).isEqualTo(ScopeVersion.V1);
  }

  @Test
  void parseWhenV1StarThenAllPermissions() {
    SmartScope scope = SmartScope.parse("system/*.*");

    assertThat(scope.context()).isEqualTo(Context.SYSTEM);
    assertThat(scope.permissions()).containsExactly(CREATE, READ, UPDATE, DELETE, SEARCH);
    assertThat(scope.version()).isEqualTo(ScopeVersion.V1);
    assertThat(scope).hasToString("system/*.*");
  }

  @Test
  void parseWhenV2PermissionsThenExactlyThose() {
    SmartScope scope = SmartScope.parse("patient/Observation.rs");

    assertThat(scope.permissions()).containsExactly(READ, SEARCH);
    assertThat(scope.version()).isEqualTo(ScopeVersion.V2);
    assertThat(scope.permissionString()).isEqualTo("rs");
  }

  @Test
  void parseWhenV2AllLettersThenAllPermissionsButStillV2() {
    SmartScope scope = SmartScope.parse("user/*.cruds");

    assertThat(scope.permissions()).containsExactly(CREATE, READ, UPDATE, DELETE, SEARCH);
    assertThat(scope.version()).isEqualTo(ScopeVersion.V2);
    assertThat(scope).isNotEqualTo(SmartScope.parse("user/*.*"));
    assertThat(scope).isEqualTo(SmartScope.parse("user/*.*").toV2());
  }

  @ParameterizedTest
  @CsvSource({"c,c", "d,d", "cu,cu", "rd,rd", "cud,cud", "rs,rs"})
  void parseWhenSingleOrPartialV2LettersThenAccepted(String codes, String expected) {
    assertThat(SmartScope.parse("patient/Condition." + codes).permissionString())
        .isEqualTo(expected);
  }

  @Test
  void parseWhenGranularQueryThenConstraintKept() {
    SmartScope scope = SmartScope.parse("patient/Observation.rs?category=" + LAB + "|laboratory");

    assertThat(scope.isGranular()).isTrue();
    assertThat(scope.query().parameters()).containsOnlyKeys("category");
    assertThat(scope.query().values("category")).containsExactly(LAB + "|laboratory");
    assertThat(scope.permissions()).containsExactly(READ, SEARCH);
  }

  @Test
  void parseWhenQueryPercentEncodedThenValueDecodedAndToStringCanonical() {
    SmartScope encoded = SmartScope.parse("patient/Observation.rs?category=" + LAB + "%7Claboratory");
    SmartScope plain = SmartScope.parse("patient/Observation.rs?category=" + LAB + "|laboratory");

    assertThat(encoded.query().values("category")).containsExactly(LAB + "|laboratory");
    assertThat(encoded).isEqualTo(plain).hasToString(plain.toString());
  }

  @Test
  void parseWhenQueryHasSeveralParametersThenAllKeptInOrder() {
    SmartScope scope = SmartScope.parse(
        "user/Observation.rs?category=laboratory&code=http://loinc.org|4548-4&category=vital-signs");

    assertThat(scope.query().parameters()).containsOnlyKeys("category", "code");
    assertThat(scope.query().values("category")).containsExactly("laboratory", "vital-signs");
    assertThat(scope.query().values("code")).containsExactly("http://loinc.org|4548-4");
  }

  @Test
  void parseWhenKnownTypesGivenAndTypeKnownThenAccepted() {
    Set<String> known = Set.of("Observation", "Patient");

    assertThat(SmartScope.parse("patient/Patient.r", known::contains).resourceType())
        .isEqualTo("Patient");
    assertThat(SmartScope.parse("patient/*.r", known::contains).isAnyType()).isTrue();
  }

  @Test
  void parseWhenKnownTypesGivenAndTypeUnknownThenInvalid() {
    assertThatThrownBy(() -> SmartScope.parse("patient/Foo.rs", Set.of("Observation")::contains))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("patient/Foo.rs").hasMessageContaining("unknown resource type 'Foo'");
  }

  @Test
  void parseWhenPermissionsOutOfOrderThenInvalid() {
    assertThatThrownBy(() -> SmartScope.parse("patient/Observation.sr"))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("patient/Observation.sr")
        .hasMessageContaining("order c, r, u, d, s");
  }

  @Test
  void parseWhenPermissionRepeatedThenInvalid() {
    assertThatThrownBy(() -> SmartScope.parse("patient/Observation.rr"))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("without repeats");
  }

  @ParameterizedTest
  @ValueSource(strings = {"patient/Observation.x", "patient/Observation.READ",
      "patient/Observation.rx", "patient/Observation.reads", "patient/Observation.all"})
  void parseWhenUnknownPermissionThenInvalid(String scope) {
    assertThatThrownBy(() -> SmartScope.parse(scope))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining(scope).hasMessageContaining("unknown permissions");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "practitioner/*.read; unknown context 'practitioner'",
      "Patient/*.read; unknown context 'Patient'",
      "/Observation.rs; unknown context ''",
      "patient/Observation; missing '.'",
      "patient/.rs; missing resource type",
      "patient/Observation.; missing permissions",
      "patient/observation.rs; not a FHIR resource type name",
      "patient/Obs3rvation.rs; not a FHIR resource type name",
      "patient/**.rs; not a FHIR resource type name",
      "openid; not a resource scope"})
  void parseWhenStructureBrokenThenInvalidWithReason(String scope, String reason) {
    assertThatThrownBy(() -> SmartScope.parse(scope))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("'" + scope + "'").hasMessageContaining(reason)
        .satisfies(e -> assertThat(((InvalidScopeException) e).scope()).isEqualTo(scope));
  }

  @Test
  void parseWhenQueryOnV1ScopeThenInvalid() {
    assertThatThrownBy(() -> SmartScope.parse("patient/Observation.read?category=laboratory"))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("patient/Observation.read?category=laboratory")
        .hasMessageContaining("only allowed on SMART v2");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "patient/Observation.rs?; query after '?' is empty",
      "patient/Observation.rs?category; has no '=value'",
      "patient/Observation.rs?category=; has an empty value",
      "patient/Observation.rs?=laboratory; not a valid search parameter name",
      "patient/Observation.rs?a=1&&b=2; empty parameter",
      "patient/Observation.rs?a=1&; empty parameter",
      "patient/Observation.rs?code=%zz; bad percent-encoding",
      "patient/Observation.rs?code=abc%4; bad percent-encoding",
      "patient/Observation.rs?code=%C3%28; not valid UTF-8"})
  void parseWhenQueryMalformedThenInvalidNamingWholeScope(String scope, String reason) {
    assertThatThrownBy(() -> SmartScope.parse(scope))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("'" + scope + "'").hasMessageContaining(reason);
  }

  @Test
  void parseWhenScopeContainsSpaceThenInvalid() {
    assertThatThrownBy(() -> SmartScope.parse("patient/Observation.rs?code=a b"))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("not allowed in an OAuth scope");
  }

  @ParameterizedTest
  @ValueSource(strings = {"patient/*.read", "user/Observation.write", "system/*.*",
      "patient/Observation.rs", "user/Condition.cruds", "system/Patient.s",
      "patient/Observation.rs?category=" + LAB + "|laboratory",
      "user/Observation.rs?category=laboratory&code=http://loinc.org|4548-4",
      "patient/Observation.s?date=ge2020-01-01T00:00:00%2B01:00"})
  void toStringWhenParsedThenRoundTrips(String text) {
    SmartScope scope = SmartScope.parse(text);

    assertThat(scope).hasToString(text);
    assertThat(SmartScope.parse(scope.toString())).isEqualTo(scope);
  }

  @Test
  void constructorWhenV1CannotExpressPermissionsThenInvalid() {
    assertThatThrownBy(() -> new SmartScope(Context.PATIENT, "Observation", EnumSet.of(READ),
        ScopeQuery.none(), ScopeVersion.V1))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("cannot be written as a SMART v1 scope");
  }

  @Test
  void constructorWhenPermissionsGivenThenDefensiveUnmodifiableCopy() {
    Set<Permission> permissions = EnumSet.of(READ);
    SmartScope scope = new SmartScope(Context.USER, "Patient", permissions, ScopeQuery.none(),
        ScopeVersion.V2);
    permissions.add(DELETE);

    assertThat(scope.permissions()).containsExactly(READ);
    assertThatThrownBy(() -> scope.permissions().add(CREATE))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofWhenPermissionsGivenInAnyOrderThenCanonicalV2() {
    assertThat(SmartScope.of(Context.PATIENT, "Observation", SEARCH, READ))
        .isEqualTo(SmartScope.parse("patient/Observation.rs"))
        .hasToString("patient/Observation.rs");
  }

  @Test
  void coversWhenContextTypeAndPermissionMatchThenTrue() {
    SmartScope wildcard = SmartScope.parse("patient/*.rs");
    SmartScope specific = SmartScope.parse("user/Observation.c");

    assertThat(wildcard.covers(Context.PATIENT, "Condition", READ)).isTrue();
    assertThat(wildcard.covers(Context.PATIENT, "Condition", CREATE)).isFalse();
    assertThat(wildcard.covers(Context.USER, "Condition", READ)).isFalse();
    assertThat(specific.covers(Context.USER, "Observation", CREATE)).isTrue();
    assertThat(specific.covers(Context.USER, "Condition", CREATE)).isFalse();
    assertThat(List.of(wildcard, specific)).allMatch(s -> s.version() == ScopeVersion.V2);
  }
}
