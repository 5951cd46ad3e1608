package org.fhirportal.auth.picker;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A patient as the picker shows them: the name, and the birth date as people write it ("26 July 1966"; a FHIR
 * partial date as "July 1966" or "1966").
 *
 * @param id   the Patient id the form posts
 * @param name the patient's name
 * @param born the birth date in words, or blank when unknown
 */
public record PatientChoice(String id, String name, String born) {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
	private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH);

	static PatientChoice of(PatientDirectory.PatientSummary patient) {
		return new PatientChoice(patient.id(), patient.name(), readable(patient.birthDate()));
	}

	/** A FHIR {@code date} (YYYY, YYYY-MM or YYYY-MM-DD) in words; anything else as it came. */
	static String readable(String fhirDate) {
		if (fhirDate == null || fhirDate.isBlank()) {
			return "";
		}
		try {
			return switch (fhirDate.length()) {
				case 4 -> fhirDate;
				case 7 -> YearMonth.parse(fhirDate).format(MONTH);
				default -> LocalDate.parse(fhirDate).format(DAY);
			};
		} catch (DateTimeParseException e) {
			return fhirDate;
		}
	}
}
