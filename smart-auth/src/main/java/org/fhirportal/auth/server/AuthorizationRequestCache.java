package org.fhirportal.auth.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;

/**
 * The authorization server's request cache: as Spring Security's default, it saves a GET request that needed a
 * sign-in and sends the user back to it afterwards; in addition, an authorization request sent by POST (SMART App
 * Launch's {@code authorize-post} capability, OAuth 2.0 section 3.1) is saved as the equivalent GET request, its form
 * parameters moved to the query, so that it survives the redirect to the sign-in page. Hand-written: Spring Security
 * replays only GET requests, and Spring Authorization Server accepts both methods for the same request.
 */
final class AuthorizationRequestCache implements RequestCache {

	private final HttpSessionRequestCache sessions = new HttpSessionRequestCache();
	private final String authorizationEndpoint;

	AuthorizationRequestCache(String authorizationEndpoint) {
		this.authorizationEndpoint = Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
	}

	@Override
	public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
		if ("GET".equals(request.getMethod())) {
			sessions.saveRequest(request, response);
		} else if (isPostedAuthorizationRequest(request)) {
			request.getSession().setAttribute(SESSION_ATTRIBUTE, new SimpleSavedRequest(asGetUrl(request)));
		}
	}

	@Override
	public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
		return sessions.getRequest(request, response);
	}

	@Override
	public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
		return sessions.getMatchingRequest(request, response);
	}

	@Override
	public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
		sessions.removeRequest(request, response);
	}

	/** Where {@link HttpSessionRequestCache} keeps the saved request (its default attribute name). */
	private static final String SESSION_ATTRIBUTE = "SPRING_SECURITY_SAVED_REQUEST";

	private boolean isPostedAuthorizationRequest(HttpServletRequest request) {
		return "POST".equals(request.getMethod())
				&& (request.getContextPath() + authorizationEndpoint).equals(request.getRequestURI())
				&& request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) != null;
	}

	private static String asGetUrl(HttpServletRequest request) {
		StringJoiner query = new StringJoiner("&");
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			for (String value : parameter.getValue()) {
				query.add(encode(parameter.getKey()) + "=" + encode(value));
			}
		}
		return request.getRequestURL() + "?" + query;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
