package org.fhirportal.auth.launch;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an EHR bound an opaque {@code launch} value to: the patient (and encounter) open in the EHR.
 *
 * @param launchId  the opaque value the app passes to the authorization endpoint
 * @param patient   the patient id
 * @param encounter the encounter id, if one was open
 * @param createdBy the client that minted it
 * @param expiresAt when it stops being accepted
 */
public record EhrLaunch(String launchId, String patient, Optional<String> encounter, String createdBy, Instant expiresAt) {

	public EhrLaunch {
		Objects.requireNonNull(launchId, "launchId");
		Objects.requireNonNull(patient, "patient");
		Objects.requireNonNull(encounter, "encounter");
		Objects.requireNonNull(createdBy, "createdBy");
		Objects.requireNonNull(expiresAt, "expiresAt");
	}
}
