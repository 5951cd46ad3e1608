package org.fhirportal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmartAuthPropertiesTest {

	private static final String GOOD_SECRET = "0123456789abcdef0123456789abcdef";

	private static SmartAuthProperties properties(String issuer, Duration ttl, String secret, boolean demo) {
		return new SmartAuthProperties(true, issuer, "/fhir", ttl, Duration.ofDays(90), Duration.ofHours(12), new SmartAuthProperties.AdminClient("portal-admin", secret),
				new SmartAuthProperties.Lockout(5, Duration.ofMinutes(15)),
				java.util.Set.of(org.fhirportal.auth.user.PortalRole.PRACTITIONER), demo, "", java.util.List.of("*"));
	}

	@Test
	void adminClientSecretWhenNoneOutsideDemoThenRefusedNamingTheVariable() {
		SmartAuthProperties properties = properties("", Duration.ofMinutes(15), "", false);

		assertThatThrownBy(properties::adminClientSecret)
				.hasMessageContaining("SMART_AUTH_ADMIN_CLIENT_SECRET");
	}

	@Test
	void constructWhenDemoWithoutSecretThenDocumentedDemoSecret() {
		assertThat(properties("", Duration.ofMinutes(15), "", true).adminClientSecret()).isEqualTo(SmartAuthProperties.DEMO_ADMIN_SECRET);
	}

	@Test
	void constructWhenSecretShortThenRefused() {
		assertThatThrownBy(() -> properties("", Duration.ofMinutes(15), "short", false)).hasMessageContaining("32");
	}

	@Test
	void constructWhenIssuerNotAnUrlOrTtlTooLongThenRefusedNamingTheProperty() {
		assertThatThrownBy(() -> properties("fhir.example.org", Duration.ofMinutes(15), GOOD_SECRET, false))
				.hasMessageContaining("smart.auth.issuer");
		assertThatThrownBy(() -> properties("", Duration.ofHours(2), GOOD_SECRET, false))
				.hasMessageContaining("smart.auth.access-token-ttl");
	}

	@Test
	void constructWhenIssuerHasTrailingSlashThenTrimmedAndSecretHiddenFromToString() {
		SmartAuthProperties properties = properties("https://fhir.example.org/", Duration.ofMinutes(15), GOOD_SECRET, false);

		assertThat(properties.issuer()).isEqualTo("https://fhir.example.org");
		assertThat(properties.toString()).doesNotContain(GOOD_SECRET);
	}
}
