package org.fhirportal.extensions.access;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.extensions.access.AccessProperties.PractitionerReach;

/**
 * Resolves whose data a token reaches, per scope context: a patient user their own compartment, a caregiver
 * (RelatedPerson user) the patients of their active proxy grants, a practitioner the patients of the configured
 * policy, a backend service ({@code system/}) everything. A launch patient is honoured for a patient user only if
 * it is themselves, and for a caregiver only while a grant for it is in force, so a revoked grant ends access at
 * the next request. Grants and care relationships are looked up per request (the interceptor caches the result
 * for the request's duration only).
 */
public final class AccessReachResolver {

	private final Function<String, Set<String>> proxyGrants;
	private final CareRelationships careRelationships;
	private final PractitionerReach practitionerReach;

	/**
	 * @param proxyGrants       a caregiver's username to the ids of the patients they may act for now
	 * @param careRelationships the practitioner's patients
	 * @param practitionerReach the practitioner policy
	 */
	public AccessReachResolver(Function<String, Set<String>> proxyGrants, CareRelationships careRelationships,
			PractitionerReach practitionerReach) {
		this.proxyGrants = Objects.requireNonNull(proxyGrants, "proxyGrants");
		this.careRelationships = Objects.requireNonNull(careRelationships, "careRelationships");
		this.practitionerReach = Objects.requireNonNull(practitionerReach, "practitionerReach");
	}

	public AccessReaches resolve(SmartAccessContext access) {
		Optional<String> user = access.fhirUser().map(AccessReachResolver::localReference);
		String userType = user.map(ref -> ref.substring(0, ref.indexOf('/'))).orElse("");
		String userId = user.map(ref -> ref.substring(ref.indexOf('/') + 1)).orElse("");
		AccessReach userReach = switch (userType) {
			case "Patient" -> AccessReach.patients(Set.of(userId));
			case "RelatedPerson" -> AccessReach.patients(proxyGrants.apply(access.subject()));
			case "Practitioner" -> practitionerReach == PractitionerReach.ALL_PATIENTS
					? AccessReach.EVERYWHERE
					: AccessReach.patients(careRelationships.patientIdsOf(userId));
			default -> AccessReach.NONE;
		};
		AccessReach patientReach = access.patient()
				.map(launched -> switch (userType) {
					case "Patient", "RelatedPerson" -> userReach.patientIds().contains(launched) ? AccessReach.patients(Set.of(launched)) : AccessReach.NONE;
					default -> AccessReach.patients(Set.of(launched));
				})
				.orElseGet(() -> "Patient".equals(userType) ? userReach : AccessReach.NONE);
		boolean patientFacing = userType.equals("Patient") || userType.equals("RelatedPerson")
				|| (user.isEmpty() && access.patient().isPresent());
		return new AccessReaches(patientReach, userReach, AccessReach.EVERYWHERE, patientFacing);
	}

	/** {@code Patient/1} of {@code https://server/fhir/Patient/1}. */
	private static String localReference(String reference) {
		String[] parts = reference.split("/");
		return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : reference;
	}
}
