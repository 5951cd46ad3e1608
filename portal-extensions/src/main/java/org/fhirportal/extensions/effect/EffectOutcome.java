package org.fhirportal.extensions.effect;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The outcomes {@code $engagement-effect} can estimate an effect on; each one's measure class says exactly how it is
 * read from the server's data.
 * <ul>
 *   <li>{@code no-show} ({@link NoShowMeasure}): share of due appointments missed; DiD: no-shows per patient-month.</li>
 *   <li>{@code refill-adherence} ({@link RefillAdherenceMeasure}): proportion of days covered by dispensed supply;
 *       DiD: the PDC of each patient-month.</li>
 *   <li>{@code lab-follow-up} ({@link LabFollowUpMeasure}): whether an out-of-range lab result is followed by an
 *       encounter or appointment within 30 days (binary); DiD: followed-up results per patient-month.</li>
 *   <li>{@code hba1c-change} ({@link Hba1cChangeMeasure}): change in HbA1c of patients with type 2 diabetes between
 *       the baseline and the period; AIPW only.</li>
 * </ul>
 */
enum EffectOutcome {
	NO_SHOW("no-show", OutcomeType.CONTINUOUS, "share of due appointments missed (Appointment.status noshow)",
			"no-shows per patient-month", NoShowMeasure::new),
	REFILL_ADHERENCE("refill-adherence", OutcomeType.CONTINUOUS,
			"proportion of days covered by dispensed supply (MedicationDispense.daysSupply from whenHandedOver)",
			"proportion of the month's days covered by dispensed supply", RefillAdherenceMeasure::new),
	LAB_FOLLOW_UP("lab-follow-up", OutcomeType.BINARY,
			"whether the first out-of-range lab result was followed by an encounter or appointment within 30 days",
			"out-of-range lab results followed up within 30 days, per patient-month", LabFollowUpMeasure::new),
	HBA1C_CHANGE("hba1c-change", OutcomeType.CONTINUOUS,
			"change in HbA1c (%, LOINC 4548-4) from the last baseline value to the last value in the period, patients with type 2 diabetes",
			null, Hba1cChangeMeasure::new);

	final String code;
	final OutcomeType type;
	final String aipwMeaning;
	/** Null when the outcome has no value in every patient-month, so no DiD panel. */
	final String didMeaning;
	private final Supplier<OutcomeMeasure> measure;

	EffectOutcome(String code, OutcomeType type, String aipwMeaning, String didMeaning, Supplier<OutcomeMeasure> measure) {
		this.code = code;
		this.type = type;
		this.aipwMeaning = aipwMeaning;
		this.didMeaning = didMeaning;
		this.measure = measure;
	}

	OutcomeMeasure measure() {
		return measure.get();
	}

	static EffectOutcome fromCode(String code) {
		return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst()
				.orElseThrow(() -> new InvalidRequestException("unknown outcome '" + code + "'; expected one of "
						+ Arrays.stream(values()).map(o -> o.code).collect(Collectors.joining(", "))));
	}
}
