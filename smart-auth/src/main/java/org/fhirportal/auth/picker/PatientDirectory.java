package org.fhirportal.auth.picker;

import java.util.List;
import java.util.Optional;

/**
 * The patients a practitioner may choose from when an app asks for a patient in context
 * ({@code launch/patient}) at a standalone launch, and the names of a caregiver's granted patients. Implemented where the FHIR store lives (the application
 * module), so that the authorization server does not depend on FHIR storage.
 */
public interface PatientDirectory {

	/** A patient as the picker lists it. */
	record PatientSummary(String id, String name, String birthDate) {}

	/** Patients whose name matches {@code name} (FHIR {@code Patient?name=} semantics), at most {@code max}. */
	List<PatientSummary> searchByName(String name, int max);

	/** The patient with this id, if it exists. */
	Optional<PatientSummary> find(String id);
}
