package org.fhirportal.server.subscription;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Objects;
import org.fhirportal.auth.resource.FhirBearerTokens;
import org.fhirportal.auth.resource.RequestBoundTokenValidator;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Authenticates the websocket upgrade: a bearer token in the {@code Authorization} header (RFC 6750 section 2.1) is
 * checked as the FHIR endpoint checks it, and a bad one refuses the upgrade with 401 and
 * {@code WWW-Authenticate: Bearer error="invalid_token"}. Browsers cannot set that header on a websocket; their
 * upgrade is let through unauthenticated and {@link AuthenticatedWebsocketHandler} requires the token as the first
 * message. The issuer the token must carry is taken from this request, for that later check.
 */
final class BearerTokenHandshakeInterceptor implements HandshakeInterceptor {

	private static final String BEARER = "bearer ";

	private final FhirBearerTokens tokens;

	BearerTokenHandshakeInterceptor(FhirBearerTokens tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens");
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		attributes.put(WebsocketCaller.ISSUER, RequestBoundTokenValidator.issuerOf(servletRequest));
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null) {
			return true;
		}
		if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			try {
				attributes.put(WebsocketCaller.AUTHENTICATION, tokens.authenticate(authorization.substring(BEARER.length()).trim()));
				return true;
			} catch (AuthenticationException refused) {
				// answered below
			}
		}
		response.setStatusCode(HttpStatus.UNAUTHORIZED);
		response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception failure) {
		// nothing to do
	}
}
