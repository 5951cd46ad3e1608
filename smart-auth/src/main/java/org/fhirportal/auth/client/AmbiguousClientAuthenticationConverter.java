package org.fhirportal.auth.client;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
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
 * {@code invalid_request}, as it does for a form {@code client_id} naming another client than the Basic header.
 * Returns {@code null} (not its business) for every other request.
 */
public final class AmbiguousClientAuthenticationConverter implements AuthenticationConverter {

	private static final String RFC_6749_2_3 = "https://datatracker.ietf.org/doc/html/rfc6749#section-2.3";

	/** "Basic" and any whitespace, as Spring's Basic converter splits the header on whitespace (a tab too). */
	private static final Pattern BASIC = Pattern.compile("Basic\\s", Pattern.CASE_INSENSITIVE);

	@Override
	public Authentication convert(HttpServletRequest request) {
		List<String> methods = new ArrayList<>();
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		boolean basic = authorization != null && BASIC.matcher(authorization).lookingAt();
		if (basic) {
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
		String formClientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (basic && formClientId != null && basicUser(authorization).filter(user -> !user.equals(formClientId)).isPresent()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"client_id differs from the client of the Authorization header", RFC_6749_2_3));
		}
		return null;
	}

	/** The client id of a Basic header, decoded as Spring's converter does (RFC 6749 section 2.3.1); empty if malformed. */
	private static Optional<String> basicUser(String authorization) {
		String[] parts = authorization.trim().split("\\s+");
		if (parts.length != 2) {
			return Optional.empty();
		}
		try {
			String credentials = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			int colon = credentials.indexOf(':');
			return colon < 0 ? Optional.empty() : Optional.of(URLDecoder.decode(credentials.substring(0, colon), StandardCharsets.UTF_8));
		} catch (IllegalArgumentException malformed) {
			return Optional.empty();
		}
	}
}
