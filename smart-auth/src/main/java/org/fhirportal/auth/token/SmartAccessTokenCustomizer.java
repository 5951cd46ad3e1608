package org.fhirportal.auth.token;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes the JWT access tokens for the FHIR endpoint: the audience is the FHIR base URL (issuer plus FHIR path),
 * which the resource server requires, and {@code client_id} names the client, as RFC 9068 asks.
 */
public final class SmartAccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final String fhirPath;

	public SmartAccessTokenCustomizer(String fhirPath) {
		this.fhirPath = fhirPath;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		String issuer = context.getAuthorizationServerContext().getIssuer();
		context.getClaims()
				// a plain ArrayList: the claims are stored through Spring Authorization Server's Jackson allowlist
				.audience(new ArrayList<>(List.of(issuer + fhirPath)))
				.claim("client_id", context.getRegisteredClient().getClientId());
	}
}
