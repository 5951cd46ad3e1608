package org.fhirportal.auth.resource;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.scope.ScopeSet;

/**
 * What a validated bearer token allows, in the terms the FHIR endpoint enforces: who (subject, {@code fhirUser}),
 * through which client, in which launch context (patient, encounter) and with which SMART scopes. Immutable;
 * built once per request from the token by {@link SmartAccessContextConverter}.
 *
 * @param subject   the token's {@code sub} (a user, or the client itself for backend services)
 * @param clientId  the OAuth client
 * @param fhirUser  the user's FHIR resource ({@code Patient/123}, {@code Practitioner/9}), if any
 * @param patient   the launch-context patient id, if any
 * @param encounter the launch-context encounter id, if any
 * @param scopes    the granted scopes
 * @param tokenId   the token's {@code jti}
 * @param expiresAt when the token expires
 */
public record SmartAccessContext(
		String subject,
		String clientId,
		Optional<String> fhirUser,
		Optional<String> patient,
		Optional<String> encounter,
		ScopeSet scopes,
		String tokenId,
		Instant expiresAt) {

	public SmartAccessContext {
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(clientId, "clientId");
		Objects.requireNonNull(fhirUser, "fhirUser");
		Objects.requireNonNull(patient, "patient");
		Objects.requireNonNull(encounter, "encounter");
		Objects.requireNonNull(scopes, "scopes");
		Objects.requireNonNull(tokenId, "tokenId");
		Objects.requireNonNull(expiresAt, "expiresAt");
	}
}
