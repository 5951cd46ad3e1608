package org.fhirportal.auth.registration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

class ClientUriRulesTest {

	private final ClientUriRules production = new ClientUriRules(false);
	private final ClientUriRules development = new ClientUriRules(true);

	@ParameterizedTest
	@ValueSource(strings = {"http://127.0.0.1:8080/jwks.json", "http://localhost/jwks", "https://127.0.0.1/jwks", "http://[::1]:9/jwks"})
	void jwksUriWhenLoopbackThenRefusedUnlessDevelopmentPropertyOn(String uri) {
		assertThatThrownBy(() -> production.checkJwksUri(uri)).isInstanceOf(OAuth2AuthenticationException.class)
				.hasMessageContaining("loopback");
		assertThatCode(() -> development.checkJwksUri(uri)).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = {"file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "https://169.254.169.254/",
			"https://[fe80::1]/jwks", "https://0.0.0.0/jwks", "ftp://keys.example/jwks", "https://user@keys.example/jwks", "jwks.json"})
	void jwksUriWhenNotHttpsOnAnOrdinaryHostThenRefusedEvenInDevelopment(String uri) {
		assertThatThrownBy(() -> development.checkJwksUri(uri)).isInstanceOf(OAuth2AuthenticationException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = {"https://10.1.2.3/jwks", "https://172.16.0.1/jwks", "https://172.31.255.254/jwks", "https://192.168.1.1/jwks",
			"https://100.64.0.1/jwks", "https://100.127.255.254/jwks", "https://[fc00::1]/jwks", "https://[fd12:3456::1]/jwks",
			"https://[::ffff:10.0.0.1]/jwks", "https://[ff02::1]/jwks", "https://224.0.0.1/jwks"})
	void jwksUriWhenPrivateCgnatUniqueLocalOrMulticastAddressThenRefusedEvenInDevelopment(String uri) {
		assertThatThrownBy(() -> development.checkJwksUri(uri)).isInstanceOf(OAuth2AuthenticationException.class)
				.hasMessageContaining("private");
	}

	@ParameterizedTest
	@ValueSource(strings = {"https://172.32.0.1/jwks", "https://100.128.0.1/jwks", "https://8.8.8.8/jwks", "https://[2001:db8::1]/jwks"})
	void jwksUriWhenHttpsOnPublicAddressThenAccepted(String uri) {
		assertThatCode(() -> production.checkJwksUri(uri)).doesNotThrowAnyException();
	}

	@Test
	void jwksUriWhenHostDoesNotResolveThenRefused() {
		assertThatThrownBy(() -> production.checkJwksUri("https://no-such-host.invalid/jwks")).isInstanceOf(OAuth2AuthenticationException.class)
				.hasMessageContaining("does not resolve");
	}

	@ParameterizedTest
	@ValueSource(strings = {"javascript:alert(1)", "https://*.evil.example/*", "http://app.example/cb", "https://app.example/cb#f",
			"com.example.app:/cb", "/relative", "https://user:pw@app.example/cb", "http://localhost.evil.example/cb"})
	void redirectUriWhenUnsafeThenInvalidRedirectUri(String uri) {
		assertThatThrownBy(() -> production.checkRedirectUri(uri)).isInstanceOfSatisfying(OAuth2AuthenticationException.class,
				e -> org.assertj.core.api.Assertions.assertThat(e.getError().getErrorCode()).isEqualTo("invalid_redirect_uri"));
	}

	@ParameterizedTest
	@ValueSource(strings = {"https://app.example/cb?x=1", "http://127.0.0.1:9000/cb", "http://localhost/cb", "http://[::1]/cb"})
	void redirectUriWhenHttpsOrLoopbackHttpThenAccepted(String uri) {
		assertThatCode(() -> production.checkRedirectUri(uri)).doesNotThrowAnyException();
	}
}
