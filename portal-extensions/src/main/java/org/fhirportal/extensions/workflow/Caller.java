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
 * patient-context token, or a patient user's own record), or staff (a practitioner user, or a backend client with
 * {@code system/} scopes), and whether the token's SMART scopes cover an interaction. The access rules let a
 * workflow's operation through; the operation then checks its own inputs against this.
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

	public boolean isPatientSide() {
		return patientId().isPresent();
	}

	/** A practitioner user outside a patient context, or a backend client with system scopes. */
	public boolean isStaff() {
		if (isPatientSide()) {
			return false;
		}
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

	/** True if a scope of the caller's kind (patient-side: patient or user; staff: user or system) covers it. */
	public boolean may(String resourceType, Permission permission) {
		for (SmartScope scope : access.scopes().resourceScopes()) {
			if (scope.isGranular()) {
				continue;
			}
			boolean fits = isPatientSide()
					? scope.context() == Context.PATIENT || scope.context() == Context.USER
					: isStaff() && (scope.context() == Context.USER || scope.context() == Context.SYSTEM);
			if (fits && scope.covers(scope.context(), resourceType, permission)) {
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

	/** Refuses with 403 a patient-side caller acting on another patient's record. */
	public void requireRecordOf(String patientId) {
		if (isPatientSide() && !patientId().get().equals(patientId)) {
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
