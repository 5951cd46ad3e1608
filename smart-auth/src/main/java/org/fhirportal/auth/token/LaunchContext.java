package org.fhirportal.auth.token;

import java.util.Optional;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.scope.ScopeSet;
import org.fhirportal.auth.launch.EhrLaunch;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.PortalUser;

/**
 * The SMART launch context of a user's token: the patient in context and whether the app should show a patient
 * banner. Hand-written (SMART App Launch 2.2, "launch context"): a patient signing in to a standalone launch with
 * {@code launch/patient} has their own record in context. (Practitioner patient pickers and EHR launch add to this.)
 *
 * @param patient            the patient id in context
 * @param encounter          the encounter id in context
 * @param needPatientBanner  whether the app must show which patient's record is open
 */
public record LaunchContext(Optional<String> patient, Optional<String> encounter, boolean needPatientBanner) {

	public static final LaunchContext NONE = new LaunchContext(Optional.empty(), Optional.empty(), false);

	/** A standalone launch: a patient's own record. */
	public static LaunchContext of(PortalUser user, ScopeSet granted) {
		if (user.role() == PortalRole.PATIENT && granted.has(NonResourceScope.LAUNCH_PATIENT)) {
			return new LaunchContext(user.fhirUserId(), Optional.empty(), true);
		}
		return NONE;
	}

	/** An EHR launch: the patient and encounter the EHR bound the launch value to (the EHR shows its own banner). */
	public static LaunchContext of(EhrLaunch launch) {
		return new LaunchContext(Optional.of(launch.patient()), launch.encounter(), false);
	}
}
