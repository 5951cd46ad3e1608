package org.fhirportal.auth.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization endpoint's success response (RFC 6749 section 4.1.2: a redirect to the app with {@code code}
 * and {@code state}), built as Spring Authorization Server's default builds it but sent without Spring Security's
 * {@code DefaultRedirectStrategy}, whose DEBUG log line would carry the authorization code. Installed through the
 * {@code authorizationResponseHandler} hook.
 */
final class QuietAuthorizationResponseHandler implements AuthenticationSuccessHandler {

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken granted = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(granted.getRedirectUri())
				.queryParam(OAuth2ParameterNames.CODE, granted.getAuthorizationCode().getTokenValue());
		if (StringUtils.hasText(granted.getState())) {
			redirect.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(granted.getState(), StandardCharsets.UTF_8));
		}
		response.sendRedirect(response.encodeRedirectURL(redirect.build(true).toUriString()));
	}
}
