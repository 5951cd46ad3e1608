package org.fhirportal.auth.registration;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * A request to the registration endpoint, and its answer: a registration (RFC 7591 section 3.1, {@code POST} with
 * the client's metadata) or a read of a client's configuration (RFC 7592 section 2.1, {@code GET ?client_id=}),
 * made with the bearer token in {@code principal}. Once handled it carries the response body and status.
 */
final class ClientRegistrationAuthentication extends AbstractAuthenticationToken {

	private final Authentication principal;
	private final Map<String, Object> metadata;
	private final String clientId;
	private final Map<String, Object> response;
	private final int status;

	private ClientRegistrationAuthentication(Authentication principal, Map<String, Object> metadata, String clientId,
			Map<String, Object> response, int status) {
		super(List.of());
		this.principal = principal;
		this.metadata = metadata;
		this.clientId = clientId;
		this.response = response;
		this.status = status;
		setAuthenticated(response != null);
	}

	static ClientRegistrationAuthentication registration(Authentication principal, Map<String, Object> metadata) {
		return new ClientRegistrationAuthentication(principal, Objects.requireNonNull(metadata, "metadata"), null, null, 0);
	}

	static ClientRegistrationAuthentication configurationRead(Authentication principal, String clientId) {
		return new ClientRegistrationAuthentication(principal, null, Objects.requireNonNull(clientId, "clientId"), null, 0);
	}

	static ClientRegistrationAuthentication answered(Authentication principal, Map<String, Object> response, int status) {
		return new ClientRegistrationAuthentication(principal, null, null, Objects.requireNonNull(response, "response"), status);
	}

	/** The registration request's metadata, or null for a configuration read. */
	Map<String, Object> metadata() {
		return metadata;
	}

	/** The client_id of a configuration read, or null. */
	String clientId() {
		return clientId;
	}

	Map<String, Object> response() {
		return response;
	}

	int status() {
		return status;
	}

	@Override
	public Object getPrincipal() {
		return principal;
	}

	@Override
	public Object getCredentials() {
		return "";
	}
}
