package org.fhirportal.extensions.access;

import java.util.Set;

/** The patients a practitioner has a care relationship with, for the {@code care-relationship} reach policy. */
@FunctionalInterface
public interface CareRelationships {

	/** Ids of the patients the practitioner ({@code Practitioner/practitionerId}) cares for. */
	Set<String> patientIdsOf(String practitionerId);
}
