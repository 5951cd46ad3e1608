package org.fhirportal.auth.token;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.text.ParseException;
import java.util.Objects;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Wraps the token endpoint's response handlers (Spring Authorization Server's {@code accessTokenResponseHandler}
 * and {@code errorResponseHandler} hooks) to publish a {@link SecurityAuditEvent} for every token issued
 * ({@code TOKEN_ISSUED} with the grant type, {@code TOKEN_REFRESHED} for a refresh) and every refused token request.
 * The event names the user ({@code sub} of a user's token), the client and the granted scopes; never a token,
 * code or secret.
 */
public final class TokenEndpointAuditHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private final AuthenticationSuccessHandler responses;
	private final AuthenticationFailureHandler errors;
	private final SecurityAuditPublisher audit;

	public TokenEndpointAuditHandler(AuthenticationSuccessHandler responses, AuthenticationFailureHandler errors, SecurityAuditPublisher audit) {
		this.responses = Objects.requireNonNull(responses, "responses");
		this.errors = Objects.requireNonNull(errors, "errors");
		this.audit = Objects.requireNonNull(audit, "audit");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException, ServletException {
		if (authentication instanceof OAuth2AccessTokenAuthenticationToken issued) {
			handleIssued(request.getParameter(OAuth2ParameterNames.GRANT_TYPE), issued);
		}
		responses.onAuthenticationSuccess(request, response, authentication);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException, ServletException {
		String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
		String error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "server_error";
		audit.publish(AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType) ? SecurityAuditEvent.Type.TOKEN_REFRESHED
				: SecurityAuditEvent.Type.TOKEN_ISSUED, null, request.getParameter(OAuth2ParameterNames.CLIENT_ID), false,
				"grant_type=" + grantType + " error=" + error);
		errors.onAuthenticationFailure(request, response, exception);
	}

	private void handleIssued(String grantType, OAuth2AccessTokenAuthenticationToken issued) {
		String clientId = issued.getRegisteredClient().getClientId();
		String username = null;
		try {
			JWTClaimsSet claims = JWTParser.parse(issued.getAccessToken().getTokenValue()).getJWTClaimsSet();
			if (!AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(grantType)) {
				username = claims.getSubject();
			}
		} catch (ParseException notAJwt) {
			// this server issues JWTs only; without claims the event still names client and grant
		}
		String scope = String.join(" ", issued.getAccessToken().getScopes());
		boolean refresh = AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType);
		audit.publish(refresh ? SecurityAuditEvent.Type.TOKEN_REFRESHED : SecurityAuditEvent.Type.TOKEN_ISSUED, username, clientId, true,
				"grant_type=" + grantType + " scope=" + scope);
	}
}
