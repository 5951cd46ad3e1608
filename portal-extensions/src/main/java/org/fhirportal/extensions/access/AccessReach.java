package org.fhirportal.extensions.access;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

/**
 * Whose data one scope context of a token reaches: nobody, the compartments of some patients, or everything
 * (backend services, practitioners under the "all patients" policy).
 *
 * @param everywhere true if not bounded by patient compartments
 * @param patientIds the patients whose compartments are reached (empty when everywhere)
 */
public record AccessReach(boolean everywhere, Set<String> patientIds) {

	public static final AccessReach NONE = new AccessReach(false, Set.of());
	public static final AccessReach EVERYWHERE = new AccessReach(true, Set.of());

	public AccessReach {
		patientIds = Set.copyOf(Objects.requireNonNull(patientIds, "patientIds"));
	}

	public static AccessReach patients(Set<String> ids) {
		return ids.isEmpty() ? NONE : new AccessReach(false, ids);
	}

	public boolean isNone() {
		return !everywhere && patientIds.isEmpty();
	}

	/** The reached patients as {@code Patient/id}, sorted for stable rule lists. */
	public List<IIdType> compartments() {
		return patientIds.stream().sorted().<IIdType>map(id -> new IdType("Patient", id)).toList();
	}
}
