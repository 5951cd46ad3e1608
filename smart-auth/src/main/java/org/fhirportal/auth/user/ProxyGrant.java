package org.fhirportal.auth.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A caregiver's permission to act for a patient: the portal user {@code username} (a RelatedPerson account)
 * reaches the compartment of {@code Patient/patientId} while the grant is active and {@code at} lies in
 * [{@code validFrom}, {@code validUntil}).
 *
 * @param id         the grant's id, used to revoke it
 * @param username   the caregiver's portal account
 * @param patientId  the id of the Patient the caregiver acts for
 * @param validFrom  start of validity
 * @param validUntil end of validity (exclusive), or empty for open-ended
 * @param active     false once revoked
 * @param grantedBy  who granted it (the administrator's client or user)
 */
public record ProxyGrant(String id, String username, String patientId, Instant validFrom, Optional<Instant> validUntil,
		boolean active, String grantedBy) {

	public ProxyGrant {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(username, "username");
		Objects.requireNonNull(patientId, "patientId");
		Objects.requireNonNull(validFrom, "validFrom");
		Objects.requireNonNull(validUntil, "validUntil");
		Objects.requireNonNull(grantedBy, "grantedBy");
	}

	/** True if the grant lets its caregiver act for the patient at that instant. */
	public boolean inForceAt(Instant at) {
		return active && !at.isBefore(validFrom) && validUntil.map(at::isBefore).orElse(true);
	}
}
