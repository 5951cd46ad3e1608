package org.fhirportal.auth.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a request to the registration endpoint: a JSON object of client metadata (RFC 7591 section 3.1, at most
 * {@value #MAX_BODY_BYTES} bytes) or a configuration read {@code GET ?client_id=} (RFC 7592 section 2.1). Replaces
 * Spring Authorization Server's converter, whose OpenID Connect model insists on {@code redirect_uris}, which a
 * SMART Backend Services client does not have.
 */
final class ClientRegistrationRequestConverter implements AuthenticationConverter {

	static final int MAX_BODY_BYTES = 64 * 1024;

	private final ObjectMapper json = new ObjectMapper();

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication principal = SecurityContextHolder.getContext().getAuthentication();
		if ("GET".equals(request.getMethod())) {
			String[] clientIds = request.getParameterValues("client_id");
			if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "client_id is required, once", null));
			}
			return ClientRegistrationAuthentication.configurationRead(principal, clientIds[0]);
		}
		return ClientRegistrationAuthentication.registration(principal, readObject(request));
	}

	private Map<String, Object> readObject(HttpServletRequest request) {
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(MAX_BODY_BYTES + 1);
		} catch (IOException e) {
			throw RegistrationErrors.invalidMetadata("the request body could not be read");
		}
		if (body.length > MAX_BODY_BYTES) {
			throw RegistrationErrors.invalidMetadata("the registration request must be at most " + MAX_BODY_BYTES + " bytes");
		}
		try {
			Map<String, Object> metadata = json.readValue(body, new TypeReference<Map<String, Object>>() {});
			if (metadata == null) {
				throw RegistrationErrors.invalidMetadata("the request body must be a JSON object of client metadata");
			}
			return metadata;
		} catch (JsonProcessingException e) {
			throw RegistrationErrors.invalidMetadata("the request body must be a JSON object of client metadata");
		} catch (IOException e) {
			throw RegistrationErrors.invalidMetadata("the request body could not be read");
		}
	}
}
