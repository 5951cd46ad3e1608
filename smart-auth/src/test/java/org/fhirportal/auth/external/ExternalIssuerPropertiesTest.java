package org.fhirportal.auth.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalIssuerPropertiesTest {

	private static final String ISSUER = "https://idp.example.org/realms/portal";

	private static ExternalIssuerProperties properties(boolean enabled, String issuer, String jwks, String audience, List<String> algorithms) {
		return new ExternalIssuerProperties(enabled, issuer, jwks, ISSUER + "/auth", ISSUER + "/token", "", audience, algorithms,
				Duration.ofSeconds(30), new ExternalIssuerProperties.Claims("patient", "fhirUser", "scope", "client_id"),
				List.of("launch-standalone"), List.of("authorization_code"));
	}

	@Test
	void constructWhenEnabledWithoutIssuerOrJwksThenRefusedNamingTheProperty() {
		assertThatThrownBy(() -> properties(true, "", ISSUER + "/certs", "", List.of("RS256")))
				.hasMessageContaining("smart.external.issuer-uri");
		assertThatThrownBy(() -> properties(true, ISSUER, "certs", "", List.of("RS256")))
				.hasMessageContaining("smart.external.jwks-uri");
	}

	@Test
	void constructWhenSymmetricOrNoneAlgorithmThenRefused() {
		assertThatThrownBy(() -> properties(true, ISSUER, ISSUER + "/certs", "", List.of("HS256")))
				.hasMessageContaining("smart.external.algorithms");
		assertThatThrownBy(() -> properties(true, ISSUER, ISSUER + "/certs", "", List.of("none")))
				.hasMessageContaining("smart.external.algorithms");
	}

	@Test
	void constructWhenDisabledThenNothingRequired() {
		assertThat(properties(false, "", "", "", List.of("RS256")).enabled()).isFalse();
	}

	@Test
	void constructWhenAudienceHasTrailingSlashThenTrimmed() {
		assertThat(properties(true, ISSUER, ISSUER + "/certs", "https://fhir.example.org/fhir/", List.of("RS256")).audience())
				.isEqualTo("https://fhir.example.org/fhir");
	}

	@Test
	void claimsWhenBlankNameThenRefused() {
		assertThatThrownBy(() -> new ExternalIssuerProperties.Claims("", "fhirUser", "scope", "client_id"))
				.hasMessageContaining("smart.external.claims");
	}
}
