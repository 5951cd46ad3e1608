package org.fhirportal.auth.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers an unauthenticated call to an OAuth endpoint from a program (not a browser) as RFC 6749 section 5.2
 * asks: 401, {@code invalid_client}, a JSON body, never a redirect to the login page.
 */
final class OAuth2ErrorEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("Cache-Control", "no-store");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getOutputStream().write(("{\"error\":\"invalid_client\",\"error_description\":"
				+ "\"client authentication is missing or failed (a public client must send client_id and code_verifier)\"}")
				.getBytes(StandardCharsets.UTF_8));
	}
}
