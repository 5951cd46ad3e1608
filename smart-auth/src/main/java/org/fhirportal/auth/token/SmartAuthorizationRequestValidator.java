package org.fhirportal.auth.token;

import java.util.Objects;
import java.util.function.Consumer;
import org.fhirportal.auth.launch.JdbcEhrLaunches;
import org.fhirportal.auth.scope.InvalidScopeException;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.scope.ScopeGrantPolicy;
import org.fhirportal.auth.scope.ScopeSet;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

/**
 * Checks a SMART authorization request (GET or POST to the authorization endpoint) before any code is issued:
 * the redirect URI as Spring Authorization Server does, then {@code aud} must be this server's FHIR base URL
 * (SMART App Launch 2.2, "aud" parameter) and every scope must parse and be covered by the client's registration
 * with SMART semantics, and scope {@code launch} needs the {@code launch} value of a current EHR launch. A refusal
 * is sent to the redirect URI with no code.
 */
public final class SmartAuthorizationRequestValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final String fhirPath;
	private final JdbcEhrLaunches launches;

	public SmartAuthorizationRequestValidator(String fhirPath, JdbcEhrLaunches launches) {
		this.fhirPath = Objects.requireNonNull(fhirPath, "fhirPath");
		this.launches = Objects.requireNonNull(launches, "launches");
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(context);
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		String expectedAudience = AuthorizationServerContextHolder.getContext().getIssuer() + fhirPath;
		Object audience = request.getAdditionalParameters().get("aud");
		if (!expectedAudience.equals(audience)) {
			throw refusal(request, OAuth2ErrorCodes.INVALID_REQUEST, "aud must be this server's FHIR base URL, " + expectedAudience);
		}
		ScopeSet requested;
		try {
			requested = ScopeSet.of(request.getScopes());
			ScopeGrantPolicy.grant(requested, ScopeSet.of(context.getRegisteredClient().getScopes()));
		} catch (InvalidScopeException e) {
			throw refusal(request, OAuth2ErrorCodes.INVALID_SCOPE, e.getMessage());
		}
		if (requested.has(NonResourceScope.LAUNCH)) {
			Object launch = request.getAdditionalParameters().get("launch");
			if (launch == null || launches.find(launch.toString()).isEmpty()) {
				throw refusal(request, OAuth2ErrorCodes.INVALID_REQUEST, "scope launch needs the launch value of a current EHR launch");
			}
		}
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
			OAuth2AuthorizationCodeRequestAuthenticationToken request, String code, String description) {
		return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null), request);
	}
}
