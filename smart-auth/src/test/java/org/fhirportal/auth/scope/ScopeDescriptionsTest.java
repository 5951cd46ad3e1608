package org.fhirportal.auth.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeDescriptionsTest {

  private final ScopeDescriptions descriptions = new ScopeDescriptions();

  private String describe(String scope) {
    return descriptions.describe(SmartScope.parse(scope));
  }

  @Test
  void describeWhenLabCategoryThenLabResults() {
    assertThat(describe("patient/Observation.rs?category="
        + "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"))
        .isEqualTo("Read and search your lab results (Observation, category laboratory)");
  }

  @Test
  void describeWhenWildcardCreateUpdateThenAllKindsOfYourHealthData() {
    assertThat(describe("patient/*.cu")).isEqualTo("Create and update all kinds of your health data");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "patient/*.read; Read and search all kinds of your health data",
      "user/*.*; Create, read, update, delete and search all kinds of health data you have access to",
      "system/*.rs; Read and search all kinds of health data for all patients",
      "patient/Immunization.read; Read and search your vaccinations (Immunization)",
      "user/Observation.write; Create, update and delete test results and measurements you have"
          + " access to (Observation)",
      "system/Patient.r; Read personal details for all patients (Patient)",
      "patient/ServiceRequest.s; Search your service request records (ServiceRequest)",
      "patient/Observation.rs?category=laboratory,vital-signs; Read and search your test results"
          + " and measurements (Observation, category laboratory or vital-signs)",
      "patient/Observation.rs?code=http://loinc.org|4548-4&category=laboratory; Read and search"
          + " your test results and measurements (Observation, code 4548-4, category laboratory)",
      "patient/Condition.rs?category=problem-list-item; Read and search your problem list"
          + " (Condition, category problem-list-item)",
      "patient/*.rs?_security=N; Read and search all kinds of your health data (all types,"
          + " _security N)"})
  void describeWhenResourceScopeThenPlainWords(String scope, String expected) {
    assertThat(describe(scope)).isEqualTo(expected);
  }

  @Test
  void describeWhenNonResourceScopeThenPlainWords() {
    assertThat(descriptions.describe(NonResourceScope.OFFLINE_ACCESS))
        .isEqualTo("Stay signed in (offline access)");
    for (NonResourceScope scope : NonResourceScope.values()) {
      assertThat(descriptions.describe(scope)).isNotBlank();
    }
  }

  @Test
  void describeWhenCustomTypeNameThenUsed() {
    ScopeDescriptions custom = new ScopeDescriptions(Map.of("ServiceRequest", "referrals"));

    assertThat(custom.describe(SmartScope.parse("patient/ServiceRequest.rs")))
        .isEqualTo("Read and search your referrals (ServiceRequest)");
  }

  @Test
  void describeWhenScopeSetThenOneLinePerScopeWithDataBeforeStaySignedIn() {
    ScopeSet set = ScopeSet.parse("offline_access patient/Immunization.rs openid launch/patient");

    assertThat(descriptions.describe(set)).containsExactly(
        "Confirm your identity when you sign in",
        "Use the patient record you choose",
        "Read and search your vaccinations (Immunization)",
        "Stay signed in (offline access)");
  }
}
