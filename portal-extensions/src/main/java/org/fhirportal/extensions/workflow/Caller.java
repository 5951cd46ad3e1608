package org.fhirportal.extensions.workflow;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.auth.scope.SmartScope;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who calls a portal workflow, in the terms the workflows check: the patient whose record bounds the call (a
 * patient-context token, or a patient user's own record), whether the caller is patient-side or staff (a
 * practitioner user, or a backend client with {@code system/} scopes), and whether the token's SMART scopes cover
 * an interaction. The access rules let a workflow's operation through; the operation then checks its own inputs
 * against this.
 *
 * <p>Scopes with a query (SMART v2 granular scopes) are not counted, as the access rules do not enforce them yet.
 */
public record Caller(SmartAccessContext access) {

	public Caller {
		Objects.requireNonNull(access, "access");
	}

	/** The caller of the current request, from the validated bearer token. */
	public static Caller current() {
		return currentAccess().map(Caller::new)
				.orElseThrow(() -> new AuthenticationException("This operation needs an access token"));
	}

	/** The current request's access context, if it carries a validated token. */
	public static Optional<SmartAccessContext> currentAccess() {
		return SecurityContextHolder.getContext().getAuthentication() instanceof SmartAccessAuthentication token
				? Optional.of(token.accessContext())
				: Optional.empty();
	}

	/** The patient whose record bounds this caller: the launch context, else a patient user's own record. */
	public Optional<String> patientId() {
		if (access.patient().isPresent()) {
			return access.patient();
		}
		return access.fhirUser().filter(ref -> ref.contains("Patient/")).map(Caller::idPart);
	}

	/**
	 * A patient or caregiver acting on a patient's record: a token bound to a patient that is not staff's. A
	 * practitioner in an EHR launch has a patient context but is staff.
	 */
	public boolean isPatientSide() {
		return patientId().isPresent() && !isStaff();
	}

	/** A caregiver: a RelatedPerson user, acting for the patients of their proxy grants. */
	public boolean isCaregiver() {
		return access.fhirUser().filter(ref -> ref.contains("RelatedPerson/")).isPresent();
	}

	/** A practitioner user (in a patient context or not), or a backend client with system scopes and no user. */
	public boolean isStaff() {
		boolean practitioner = access.fhirUser().filter(ref -> ref.contains("Practitioner/") || ref.contains("PractitionerRole/")).isPresent();
		boolean system = access.fhirUser().isEmpty()
				&& access.scopes().resourceScopes().stream().anyMatch(s -> s.context() == Context.SYSTEM);
		return practitioner || system;
	}

	/** The caller's own FHIR resource as a relative reference ({@code Practitioner/9}), if a user. */
	public Optional<String> userReference() {
		return access.fhirUser().map(ref -> {
			String[] parts = ref.split("/");
			return parts.length < 2 ? ref : parts[parts.length - 2] + "/" + parts[parts.length - 1];
		});
	}

	/**
	 * True if a granted scope covers the interaction on the type: a {@code patient/} scope in a patient context, a
	 * {@code user/} scope of a user, a {@code system/} scope of a backend client.
	 */
	public boolean may(String resourceType, Permission permission) {
		for (SmartScope scope : access.scopes().resourceScopes()) {
			if (scope.isGranular()) {
				continue;
			}
			boolean applies = switch (scope.context()) {
				case PATIENT -> patientId().isPresent();
				case USER -> access.fhirUser().isPresent();
				case SYSTEM -> access.fhirUser().isEmpty();
			};
			if (applies && scope.covers(scope.context(), resourceType, permission)) {
				return true;
			}
		}
		return false;
	}

	/** Refuses with 403 unless {@link #may} holds. */
	public void require(String resourceType, Permission permission) {
		if (!may(resourceType, permission)) {
			throw new ForbiddenOperationException("The access token grants no scope that allows " + permission.name().toLowerCase()
					+ " of " + resourceType + " here");
		}
	}

	/**
	 * Refuses with 403 a caller bound to one patient (a patient-side token, or staff in a patient's launch context)
	 * acting on another patient's record, and a caller who is neither patient-side nor staff.
	 */
	public void requireRecordOf(String patientId) {
		if (patientId().isPresent() && !patientId().get().equals(patientId)) {
			throw new ForbiddenOperationException("This is not the record of the patient this token is bound to");
		}
		if (!isPatientSide() && !isStaff()) {
			throw new ForbiddenOperationException("Only the patient or staff may do this");
		}
	}

	static String idPart(String reference) {
		return reference.substring(reference.lastIndexOf('/') + 1);
	}
}
