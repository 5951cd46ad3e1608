package org.fhirportal.auth.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A portal account.
 *
 * @param username       the sign-in name
 * @param passwordHash   the password, hashed with {@link UserPasswords}
 * @param role           what kind of person this is
 * @param fhirUser       the FHIR resource of the person ({@code Patient/123}), absent for administrators and analysts
 * @param displayName    how the portal greets them
 * @param enabled        whether the account may sign in
 * @param failedAttempts consecutive failed sign-ins
 * @param lockedUntil    the end of a lockout, if any
 * @param mfaSecret      the TOTP secret, once the user has enrolled in multi-factor sign-in
 */
public record PortalUser(
		String username,
		String passwordHash,
		PortalRole role,
		Optional<String> fhirUser,
		Optional<String> displayName,
		boolean enabled,
		int failedAttempts,
		Optional<Instant> lockedUntil,
		Optional<String> mfaSecret) {

	public PortalUser {
		Objects.requireNonNull(username, "username");
		Objects.requireNonNull(passwordHash, "passwordHash");
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(fhirUser, "fhirUser");
		Objects.requireNonNull(displayName, "displayName");
		Objects.requireNonNull(lockedUntil, "lockedUntil");
		Objects.requireNonNull(mfaSecret, "mfaSecret");
		if (role.fhirResourceType() != null
				&& fhirUser.filter(ref -> ref.startsWith(role.fhirResourceType() + "/")).isEmpty()) {
			throw new IllegalArgumentException("a " + role + " account needs a fhirUser reference to a " + role.fhirResourceType());
		}
		if (role == PortalRole.ANALYST && fhirUser.isPresent()) {
			throw new IllegalArgumentException("an ANALYST account has no fhirUser: analysts see aggregates, never a person's record");
		}
	}

	public boolean lockedAt(Instant now) {
		return lockedUntil.filter(now::isBefore).isPresent();
	}

	/** The id part of {@code fhirUser} ({@code 123} of {@code Patient/123}). */
	public Optional<String> fhirUserId() {
		return fhirUser.map(ref -> ref.substring(ref.indexOf('/') + 1));
	}

	@Override
	public String toString() {
		return "PortalUser[" + username + ", " + role + ", " + fhirUser.orElse("-") + "]";
	}
}
