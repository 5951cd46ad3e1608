package org.fhirportal.extensions.access;

import java.util.Objects;
import org.fhirportal.auth.scope.Context;

/**
 * The reach of a token in each SMART scope context, resolved once per request by {@link AccessReachResolver}.
 *
 * @param patient       what {@code patient/} scopes reach
 * @param user          what {@code user/} scopes reach
 * @param system        what {@code system/} scopes reach
 * @param patientFacing true if the user is a patient or a caregiver: writes are limited to the portal's writable
 *                      types and raw AuditEvents are never readable
 */
public record AccessReaches(AccessReach patient, AccessReach user, AccessReach system, boolean patientFacing) {

	public AccessReaches {
		Objects.requireNonNull(patient, "patient");
		Objects.requireNonNull(user, "user");
		Objects.requireNonNull(system, "system");
	}

	public AccessReach of(Context context) {
		return switch (context) {
			case PATIENT -> patient;
			case USER -> user;
			case SYSTEM -> system;
		};
	}
}
