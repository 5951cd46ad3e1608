package org.fhirportal.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class LaunchContextResponseCustomizerTest {

	private static final String STYLE = "https://portal.example/smart-style.json";
	private final RegisteredClient app = RegisteredClient.withId("app").clientId("app")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri("https://app.example/callback").build();

	@Test
	void acceptWhenUserTokenWithPatientThenLaunchContextAndStyleUrlInResponse() {
		Map<String, Object> response = customize(Optional.of(STYLE),
				new JWTClaimsSet.Builder().subject("alice").claim("client_id", "app").claim("patient", "123").claim("need_patient_banner", true));

		assertThat(response).containsEntry("patient", "123").containsEntry("need_patient_banner", true)
				.containsEntry("smart_style_url", STYLE).doesNotContainKey("encounter");
	}

	@Test
	void acceptWhenStyleIsAPathThenResolvedAgainstTheTokensIssuer() {
		Map<String, Object> response = customize(Optional.of("/smart-style.json"),
				new JWTClaimsSet.Builder().issuer("https://fhir.example").subject("alice").claim("client_id", "app"));

		assertThat(response).containsEntry("smart_style_url", "https://fhir.example/smart-style.json");
	}

	@Test
	void acceptWhenBackendTokenThenNoStyleUrlNorLaunchContext() {
		Map<String, Object> response = customize(Optional.of(STYLE), new JWTClaimsSet.Builder().subject("app").claim("client_id", "app"));

		assertThat(response).doesNotContainKeys("smart_style_url", "patient", "need_patient_banner");
	}

	@Test
	void acceptWhenNoStyleConfiguredThenNoStyleUrl() {
		Map<String, Object> response = customize(Optional.empty(), new JWTClaimsSet.Builder().subject("alice").claim("client_id", "app"));

		assertThat(response).doesNotContainKey("smart_style_url");
	}

	private Map<String, Object> customize(Optional<String> style, JWTClaimsSet.Builder claims) {
		String jwt = new PlainJWT(claims.build()).serialize();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt, Instant.now(), Instant.now().plusSeconds(60));
		OAuth2ClientAuthenticationToken client = new OAuth2ClientAuthenticationToken(app, ClientAuthenticationMethod.NONE, null);
		OAuth2AccessTokenResponse.Builder response = OAuth2AccessTokenResponse.withToken(jwt).tokenType(OAuth2AccessToken.TokenType.BEARER);
		new LaunchContextResponseCustomizer(style).accept(OAuth2AccessTokenAuthenticationContext
				.with(new OAuth2AccessTokenAuthenticationToken(app, client, token)).accessTokenResponse(response).build());
		return response.build().getAdditionalParameters();
	}
}
