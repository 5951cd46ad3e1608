package org.fhirportal.extensions.release;

import java.util.Objects;

/**
 * Announced (as a Spring application event) when a clinician's {@code $release} makes a held result visible to its
 * patient, e.g. for the patient's e-mail notice.
 *
 * @param patientId the id of the Patient the result is about
 * @param resource  the released result, {@code Observation/123}
 */
public record ResultsReleased(String patientId, String resource) {

	public ResultsReleased {
		Objects.requireNonNull(patientId, "patientId");
		Objects.requireNonNull(resource, "resource");
	}
}
