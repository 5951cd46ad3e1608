package org.fhirportal.auth.token;

import java.util.function.Consumer;
import org.fhirportal.auth.scope.InvalidScopeException;
import org.fhirportal.auth.scope.ScopeGrantPolicy;
import org.fhirportal.auth.scope.ScopeSet;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;

/**
 * Checks the scopes of a client_credentials request (SMART Backend Services) with SMART semantics instead of
 * Spring Authorization Server's exact-match default: every requested scope must parse and be covered by what the
 * client is registered for; anything else is refused with {@code invalid_scope} and a description naming it.
 */
public final class SmartScopeValidator implements Consumer<OAuth2ClientCredentialsAuthenticationContext> {

	private static final String SCOPES_SPEC = "https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html";

	@Override
	public void accept(OAuth2ClientCredentialsAuthenticationContext context) {
		try {
			OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
			ScopeSet requested = ScopeSet.of(request.getScopes());
			ScopeSet registered = ScopeSet.of(context.getRegisteredClient().getScopes());
			ScopeGrantPolicy.grant(requested, registered);
		} catch (InvalidScopeException e) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, e.getMessage(), SCOPES_SPEC));
		}
	}
}
