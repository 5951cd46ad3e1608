package org.fhirportal.auth.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;

class SmartAccessContextConverterTest {

	private static Jwt.Builder token() {
		Instant now = Instant.now();
		return Jwt.withTokenValue("token-value").header("alg", "RS256").subject("user-1").issuedAt(now).expiresAt(now.plusSeconds(60));
	}

	private static SmartAccessContext convert(SmartAccessContextConverter converter, Jwt jwt) {
		return ((SmartAccessAuthentication) converter.convert(jwt)).accessContext();
	}

	@Test
	void convertWhenExternalIssuerUsesOwnClaimNamesThenMappedToSmartContext() {
		SmartAccessContextConverter converter = SmartAccessContextConverter.forExternalIssuer(
				new SmartClaimNames("smart_patient", "fhir_user", "scope", "client_id"));

		SmartAccessContext context = convert(converter, token().claim("smart_patient", "123").claim("fhir_user", "Patient/123")
				.claim("azp", "app-9").claim("scope", "openid email roles launch/patient patient/Observation.rs").build());

		assertThat(context.patient()).contains("123");
		assertThat(context.fhirUser()).contains("Patient/123");
		assertThat(context.clientId()).isEqualTo("app-9");
		assertThat(context.scopes().tokens()).containsExactlyInAnyOrder("openid", "launch/patient", "patient/Observation.rs");
		assertThat(context.tokenId()).startsWith("sha256:");
	}

	@Test
	void convertWhenNoScopeClaimThenScpListRead() {
		SmartAccessContext context = convert(SmartAccessContextConverter.forExternalIssuer(SmartClaimNames.SMART),
				token().claim("scp", List.of("patient/*.rs")).build());

		assertThat(context.scopes().tokens()).containsExactly("patient/*.rs");
	}

	@Test
	void convertWhenExternalResourceScopeMalformedThenTokenRefused() {
		SmartAccessContextConverter converter = SmartAccessContextConverter.forExternalIssuer(SmartClaimNames.SMART);

		assertThatThrownBy(() -> converter.convert(token().claim("scope", "email patient/Observation.launch").build()))
				.isInstanceOf(OAuth2AuthenticationException.class);
	}

	@Test
	void convertWhenOwnTokenHasForeignScopeThenRefused() {
		assertThatThrownBy(() -> new SmartAccessContextConverter().convert(token().claim("scope", "email").build()))
				.isInstanceOf(OAuth2AuthenticationException.class);
	}

	@Test
	void convertWhenNoSubjectThenRefused() {
		Jwt noSubject = Jwt.withTokenValue("t").header("alg", "RS256").expiresAt(Instant.now().plusSeconds(60))
				.claims(claims -> claims.putAll(Map.of("scope", "patient/*.rs"))).build();

		assertThatThrownBy(() -> new SmartAccessContextConverter().convert(noSubject)).isInstanceOf(OAuth2AuthenticationException.class);
	}
}
