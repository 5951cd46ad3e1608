package org.fhirportal.auth.token;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The revocation endpoint's response (RFC 7009: 200 with an empty body), through Spring Authorization Server's
 * {@code revocationResponseHandler} hook, publishing {@code TOKEN_REVOKED} for a token this server knows: the
 * client, the user it was issued to and the token's type, never its value.
 */
public final class TokenRevocationAuditHandler implements AuthenticationSuccessHandler {

	private final OAuth2AuthorizationService authorizations;
	private final SecurityAuditPublisher audit;

	public TokenRevocationAuditHandler(OAuth2AuthorizationService authorizations, SecurityAuditPublisher audit) {
		this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
		this.audit = Objects.requireNonNull(audit, "audit");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		response.setStatus(HttpServletResponse.SC_OK);
		if (!(authentication instanceof OAuth2TokenRevocationAuthenticationToken revocation)) {
			return;
		}
		OAuth2Authorization authorization = authorizations.findByToken(revocation.getToken(), null);
		if (authorization == null) {
			return; // an unknown token: nothing was revoked
		}
		String clientId = revocation.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null
				? client.getRegisteredClient().getClientId()
				: null;
		String username = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())
				? null
				: authorization.getPrincipalName();
		OAuth2Authorization.Token<?> token = authorization.getToken(revocation.getToken());
		String kind = token != null && token.getToken() instanceof org.springframework.security.oauth2.core.OAuth2RefreshToken
				? "refresh token"
				: "access token";
		audit.publish(SecurityAuditEvent.Type.TOKEN_REVOKED, username, clientId, true, kind + " revoked by the client");
	}
}
