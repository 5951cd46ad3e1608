package org.fhirportal.auth.scope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidScopeExceptionTest {

  @Test
  void messageWhenCreatedThenNamesScopeAndReason() {
    InvalidScopeException e = new InvalidScopeException("patient/Observation.sr", "bad order");

    assertThat(e).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid scope 'patient/Observation.sr': bad order");
    assertThat(e.scope()).isEqualTo("patient/Observation.sr");
    assertThat(e.reason()).isEqualTo("bad order");
  }

  @Test
  void messageWhenScopeHasUnsafeCharactersThenPercentEncodedForErrorDescription() {
    InvalidScopeException e = new InvalidScopeException("pat\"ient\\/Ö\n", "x");

    assertThat(e.getMessage()).isEqualTo("Invalid scope 'pat%22ient%5C/%C3%96%0A': x");
    assertThat(e.getMessage()).matches("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*");
    assertThat(e.scope()).isEqualTo("pat\"ient\\/Ö\n");
  }

  @Test
  void messageWhenScopeVeryLongThenAbbreviated() {
    String scope = "patient/Observation.rs?code=" + "1".repeat(500);

    InvalidScopeException e = new InvalidScopeException(scope, "too long");

    assertThat(e.getMessage()).hasSizeLessThan(200).contains("...': too long");
    assertThat(e.scope()).isEqualTo(scope);
  }
}
