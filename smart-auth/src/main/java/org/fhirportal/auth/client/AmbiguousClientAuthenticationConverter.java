package org.fhirportal.auth.client;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refuses a request that authenticates its client in more than one way, e.g. HTTP Basic and
 * {@code client_secret} in the body, or Basic and a {@code client_assertion}: "The client MUST NOT use more than
 * one authentication method in each request" (RFC 6749 section 2.3). Spring Authorization Server's converters
 * take the first method they recognise and ignore the others; this one runs before them and answers
 * {@code invalid_request}. Returns {@code null} (not its business) for every other request.
 */
public final class AmbiguousClientAuthenticationConverter implements AuthenticationConverter {

	private static final String RFC_6749_2_3 = "https://datatracker.ietf.org/doc/html/rfc6749#section-2.3";

	@Override
	public Authentication convert(HttpServletRequest request) {
		List<String> methods = new ArrayList<>();
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			methods.add("client_secret_basic");
		}
		if (request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
			methods.add("client_secret_post");
		}
		if (request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE) != null) {
			methods.add("private_key_jwt");
		}
		if (methods.size() > 1) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"The client authenticated with more than one method (" + String.join(", ", methods) + "); use exactly one",
					RFC_6749_2_3));
		}
		return null;
	}
}
