package org.fhirportal.auth.client;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Recognises a public client (no secret, no assertion, no PKCE verifier) identifying itself by {@code client_id}
 * on a refresh_token grant or a revocation, which SMART allows public clients (Spring Authorization Server only
 * recognises public clients during the code exchange). {@link PublicClientRefreshAuthenticationProvider} decides.
 */
public final class PublicClientRefreshAuthenticationConverter implements AuthenticationConverter {

	static final String ENDPOINT = "portal_public_client_endpoint";

	@Override
	public Authentication convert(HttpServletRequest request) {
		String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (clientId == null || !"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null
				|| request.getParameter("code_verifier") != null
				|| request.getParameterValues(OAuth2ParameterNames.CLIENT_ID).length != 1) {
			return null;
		}
		boolean refresh = AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
		boolean revocation = request.getRequestURI().endsWith("/oauth2/revoke") && request.getParameter(OAuth2ParameterNames.TOKEN) != null;
		if (!refresh && !revocation) {
			return null;
		}
		Map<String, Object> parameters = new HashMap<>();
		parameters.put(ENDPOINT, refresh ? "token" : "revocation");
		return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null, parameters);
	}
}
