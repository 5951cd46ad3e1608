package org.fhirportal.extensions.analytics;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What patients are grouped by in an engagement report ({@code $engagement?cohort-by=}). Cohort attributes are
 * read from the Patient resource: the age band is the patient's age on the last day of the period
 * ({@code 0-17}, {@code 18-39}, {@code 40-64}, {@code 65+}); gender is {@code Patient.gender}; the organization
 * is {@code Patient.managingOrganization} and the practitioner the first {@code Patient.generalPractitioner} that
 * is a Practitioner. A patient without the attribute (or whose Patient resource the server does not hold) falls
 * in the cohort {@code unknown}.
 */
public enum CohortDimension {
	ALL("all"),
	AGE_BAND("age-band"),
	GENDER("gender"),
	ORGANIZATION("organization"),
	PRACTITIONER("practitioner");

	/** The cohort of patients without the attribute. */
	public static final String UNKNOWN = "unknown";

	private final String code;

	CohortDimension(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}

	/** @throws InvalidRequestException (400) naming the accepted codes */
	public static CohortDimension fromCode(String code) {
		return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst()
				.orElseThrow(() -> new InvalidRequestException("unknown cohort-by '" + code + "'; expected one of "
						+ Arrays.stream(values()).map(CohortDimension::code).collect(Collectors.joining(", "))));
	}
}
