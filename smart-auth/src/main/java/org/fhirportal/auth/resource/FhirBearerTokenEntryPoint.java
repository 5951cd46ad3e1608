package org.fhirportal.auth.resource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a FHIR request without a valid token as RFC 6750 asks (401 and {@code WWW-Authenticate: Bearer ...})
 * and as FHIR clients expect (an OperationOutcome body); the same for a 403 at this layer.
 */
public final class FhirBearerTokenEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		bearer.commence(request, response, exception);
		writeOutcome(response, "login", request.getHeader("Authorization") == null
				? "This FHIR endpoint needs a bearer access token (SMART App Launch)"
				: "The access token is not valid: it is expired, revoked, wrongly signed or not meant for this server");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception) throws IOException {
		denied.handle(request, response, exception);
		writeOutcome(response, "forbidden", "The access token does not allow this request");
	}

	private static void writeOutcome(HttpServletResponse response, String code, String diagnostics) throws IOException {
		response.setContentType("application/fhir+json;charset=UTF-8");
		String body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"" + code
				+ "\",\"diagnostics\":\"" + diagnostics + "\"}]}";
		response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
	}
}
