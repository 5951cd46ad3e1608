package org.fhirportal.extensions.access;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.auth.scope.SmartScope;

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

	/**
	 * Whose data the token's scopes that allow one of the permissions on the type reach, together: everywhere if
	 * one of them does, else the union of their patients. Granular scopes are not counted (as in {@code Caller}).
	 */
	public AccessReach covering(SmartAccessContext access, String resourceType, Permission... permissions) {
		Set<String> patients = new HashSet<>();
		for (SmartScope scope : access.scopes().resourceScopes()) {
			if (scope.isGranular() || List.of(permissions).stream().noneMatch(p -> scope.covers(scope.context(), resourceType, p))) {
				continue;
			}
			AccessReach reach = of(scope.context());
			if (reach.everywhere()) {
				return AccessReach.EVERYWHERE;
			}
			patients.addAll(reach.patientIds());
		}
		return AccessReach.patients(patients);
	}

	/** The reach of the current request's token, as the guard resolved it (once per request). */
	public static AccessReaches forRequest(ca.uhn.fhir.rest.api.server.RequestDetails request, SmartAccessContext access, AccessReachResolver resolver) {
		return SmartAuthorizationInterceptor.reaches(request, access, resolver);
	}
}
