package org.fhirportal.auth.registration;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The error codes of RFC 7591 section 3.2.2, answered with status 400 by the registration endpoint. */
final class RegistrationErrors {

	static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";
	static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

	private RegistrationErrors() {}

	static OAuth2AuthenticationException invalidMetadata(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(INVALID_CLIENT_METADATA, description, null));
	}

	static OAuth2AuthenticationException invalidRedirectUri(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(INVALID_REDIRECT_URI, description, null));
	}
}
