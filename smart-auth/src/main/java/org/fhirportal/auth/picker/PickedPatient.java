package org.fhirportal.auth.picker;

import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The patient a user picked for an authorization, kept as an attribute of Spring Authorization Server's
 * {@link OAuth2Authorization} (stored with it, carried over to the code and the tokens), where the access token
 * customizer reads it as the launch context.
 */
public final class PickedPatient {

	/** The authorization attribute holding the picked patient's id. */
	public static final String ATTRIBUTE = "smart_picked_patient";

	private PickedPatient() {}

	public static Optional<String> of(OAuth2Authorization authorization) {
		if (authorization == null) {
			return Optional.empty();
		}
		Object patient = authorization.getAttribute(ATTRIBUTE);
		return patient == null ? Optional.empty() : Optional.of(patient.toString());
	}
}
