package org.fhirportal.auth.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Writes the registration response (RFC 7591 section 3.2.1, {@code 201}) or the configuration read
 * (RFC 7592 section 3, {@code 200}) as JSON, never cached: it may hold a client secret and a registration token.
 */
final class ClientRegistrationResponseHandler implements AuthenticationSuccessHandler {

	private final ObjectMapper json = new ObjectMapper();

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		ClientRegistrationAuthentication answered = (ClientRegistrationAuthentication) authentication;
		response.setStatus(answered.status());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Pragma", "no-cache");
		json.writeValue(response.getOutputStream(), answered.response());
	}
}
