package org.fhirportal.auth.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeQueryTest {

  @Test
  void parseWhenPlusInValueThenKeptAsLiteralPlus() {
    ScopeQuery query = ScopeQuery.parse("date=ge2020-01-01T00:00:00+01:00");

    assertThat(query.values("date")).containsExactly("ge2020-01-01T00:00:00+01:00");
    assertThat(query).hasToString("date=ge2020-01-01T00:00:00%2B01:00");
    assertThat(ScopeQuery.parse(query.toString())).isEqualTo(query);
  }

  @Test
  void parseWhenValueHasUtf8EscapesThenDecoded() {
    ScopeQuery query = ScopeQuery.parse("code:text=K%C3%B6rper%20gewicht");

    assertThat(query.values("code:text")).containsExactly("Körper gewicht");
    assertThat(query).hasToString("code:text=K%C3%B6rper%20gewicht");
  }

  @Test
  void parseWhenValueHasEncodedDelimitersThenTheyStayInTheValue() {
    ScopeQuery query = ScopeQuery.parse("a=x%26y%3Dz&b=1=2");

    assertThat(query.values("a")).containsExactly("x&y=z");
    assertThat(query.values("b")).containsExactly("1=2");
    assertThat(ScopeQuery.parse(query.toString())).isEqualTo(query);
  }

  @Test
  void parseWhenCommaInValueThenKeptAsOneOrValue() {
    assertThat(ScopeQuery.parse("category=laboratory,vital-signs").values("category"))
        .containsExactly("laboratory,vital-signs");
  }

  @Test
  void parseWhenChainedOrModifiedNameThenAccepted() {
    ScopeQuery query = ScopeQuery.parse("_has:Observation:patient:code=1234&subject.name=x");

    assertThat(query.parameters()).containsOnlyKeys("_has:Observation:patient:code", "subject.name");
  }

  @Test
  void parametersWhenModifiedThenUnsupported() {
    ScopeQuery query = ScopeQuery.parse("a=1");

    assertThatThrownBy(() -> query.parameters().put("b", List.of("2")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> query.values("a").add("3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ofWhenDecodedParametersThenEqualToParsedForm() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("category", List.of("http://x|laboratory"));

    assertThat(ScopeQuery.of(params)).isEqualTo(ScopeQuery.parse("category=http://x%7Claboratory"));
    assertThat(ScopeQuery.of(Map.of())).isSameAs(ScopeQuery.none());
  }

  @Test
  void ofWhenBadNameThenInvalid() {
    assertThatThrownBy(() -> ScopeQuery.of(Map.of("bad name", List.of("1"))))
        .isInstanceOf(InvalidScopeException.class)
        .hasMessageContaining("not a valid search parameter name");
  }

  @Test
  void noneWhenAskedThenEmptyAndBlank() {
    assertThat(ScopeQuery.none().isEmpty()).isTrue();
    assertThat(ScopeQuery.none()).hasToString("");
    assertThat(ScopeQuery.none().values("x")).isEmpty();
  }
}
