package org.fhirportal.extensions.effect;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * What the effect outcomes need of a clinical resource, as one {@code portal_effect_fact} row (migration V420), or
 * nothing when the resource does not count (then its row, if any, is removed):
 * <ul>
 *   <li>{@code dispense}: a {@code completed} MedicationDispense with {@code whenHandedOver} and {@code daysSupply}
 *       (UCUM {@code d}, {@code wk} or {@code mo}, or no unit meaning days);</li>
 *   <li>{@code med-order}: a MedicationRequest, flagged when its status is {@code active};</li>
 *   <li>{@code lab}: a {@code final}, {@code amended} or {@code corrected} Observation of category
 *       {@code laboratory} with an effective time, its LOINC code and quantity, flagged out of range when an
 *       interpretation is H, L, HH, LL, A or AA or the quantity lies outside its first referenceRange;</li>
 *   <li>{@code encounter}: an Encounter with {@code period.start}, not {@code cancelled} or
 *       {@code entered-in-error};</li>
 *   <li>{@code condition}: an active Condition ({@code clinicalStatus} active, recurrence or relapse, or absent;
 *       not refuted or entered in error), dated by its onset or recordedDate, flagged as diabetes for SNOMED CT
 *       {@value #DIABETES_SNOMED} (type 2 diabetes mellitus) or ICD-10(-CM) {@code E11*}.</li>
 * </ul>
 * Every fact belongs to the patient its subject (or patient) references.
 */
final class EffectFacts {

	static final String DISPENSE = "dispense";
	static final String MEDICATION_ORDER = "med-order";
	static final String LAB = "lab";
	static final String ENCOUNTER = "encounter";
	static final String CONDITION = "condition";

	static final String LOINC = "http://loinc.org";
	static final String HBA1C = "4548-4";
	static final String DIABETES_SNOMED = "44054006";
	static final Set<String> TRACKED = Set.of("MedicationDispense", "MedicationRequest", "Observation", "Encounter", "Condition");

	private static final Set<String> OUT_OF_RANGE = Set.of("H", "L", "HH", "LL", "A", "AA");
	private static final Set<String> ICD10 = Set.of("http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm");

	/** A fact row; {@code at}, {@code code} and {@code amount} may be null. */
	record Row(String ref, String patientId, String kind, Instant at, String code, Double amount, boolean flag) {}

	private EffectFacts() {
	}

	static boolean tracks(IBaseResource resource) {
		return TRACKED.contains(resource.fhirType());
	}

	static Optional<Row> of(String ref, IBaseResource resource) {
		if (resource instanceof MedicationDispense d) {
			return dispense(ref, d);
		}
		if (resource instanceof MedicationRequest r) {
			return patient(r.getSubject()).map(p -> new Row(ref, p, MEDICATION_ORDER, r.hasAuthoredOn() ? r.getAuthoredOn().toInstant() : null,
					null, null, r.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE));
		}
		if (resource instanceof Observation o) {
			return lab(ref, o);
		}
		if (resource instanceof Encounter e) {
			boolean happened = e.getStatus() != Encounter.EncounterStatus.CANCELLED && e.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR;
			return patient(e.getSubject()).filter(p -> happened && e.getPeriod().hasStart())
					.map(p -> new Row(ref, p, ENCOUNTER, e.getPeriod().getStart().toInstant(), null, null, false));
		}
		if (resource instanceof Condition c) {
			return condition(ref, c);
		}
		return Optional.empty();
	}

	private static Optional<Row> dispense(String ref, MedicationDispense d) {
		if (d.getStatus() != MedicationDispense.MedicationDispenseStatus.COMPLETED || !d.hasWhenHandedOver() || !d.hasDaysSupply()
				|| !d.getDaysSupply().hasValue()) {
			return Optional.empty();
		}
		double days = days(d.getDaysSupply());
		if (!(days > 0)) {
			return Optional.empty();
		}
		return patient(d.getSubject()).map(p -> new Row(ref, p, DISPENSE, d.getWhenHandedOver().toInstant(), null, days, false));
	}

	private static double days(Quantity supply) {
		String unit = supply.hasCode() ? supply.getCode() : supply.hasUnit() ? supply.getUnit().toLowerCase(Locale.ROOT) : "d";
		double value = supply.getValue().doubleValue();
		return switch (unit) {
			case "d", "day", "days" -> value;
			case "wk", "week", "weeks" -> value * 7;
			case "mo", "month", "months" -> value * 30;
			default -> Double.NaN;
		};
	}

	private static Optional<Row> lab(String ref, Observation o) {
		boolean laboratory = o.getCategory().stream().flatMap(c -> c.getCoding().stream()).anyMatch(c -> "laboratory".equals(c.getCode()));
		boolean usable = o.getStatus() == Observation.ObservationStatus.FINAL || o.getStatus() == Observation.ObservationStatus.AMENDED
				|| o.getStatus() == Observation.ObservationStatus.CORRECTED;
		Instant at = o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType().getValue().toInstant()
				: o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart() ? o.getEffectivePeriod().getStart().toInstant()
				: o.hasIssued() ? o.getIssued().toInstant() : null;
		if (!laboratory || !usable || at == null) {
			return Optional.empty();
		}
		String loinc = o.getCode().getCoding().stream().filter(c -> LOINC.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
		Double value = o.hasValueQuantity() && o.getValueQuantity().hasValue() ? o.getValueQuantity().getValue().doubleValue() : null;
		return patient(o.getSubject()).map(p -> new Row(ref, p, LAB, at, loinc, value, outOfRange(o, value)));
	}

	private static boolean outOfRange(Observation o, Double value) {
		if (o.getInterpretation().stream().flatMap(i -> i.getCoding().stream()).anyMatch(c -> OUT_OF_RANGE.contains(c.getCode()))) {
			return true;
		}
		if (value == null || !o.hasReferenceRange()) {
			return false;
		}
		Observation.ObservationReferenceRangeComponent range = o.getReferenceRangeFirstRep();
		return range.hasLow() && range.getLow().hasValue() && value < range.getLow().getValue().doubleValue()
				|| range.hasHigh() && range.getHigh().hasValue() && value > range.getHigh().getValue().doubleValue();
	}

	private static Optional<Row> condition(String ref, Condition c) {
		String clinical = code(c.getClinicalStatus());
		String verification = code(c.getVerificationStatus());
		boolean active = clinical == null || List.of("active", "recurrence", "relapse").contains(clinical);
		if (!active || "refuted".equals(verification) || "entered-in-error".equals(verification)) {
			return Optional.empty();
		}
		Instant at = c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType().getValue().toInstant()
				: c.hasRecordedDate() ? c.getRecordedDate().toInstant() : null;
		boolean diabetes = c.getCode().getCoding().stream().anyMatch(coding -> "http://snomed.info/sct".equals(coding.getSystem())
				&& DIABETES_SNOMED.equals(coding.getCode()) || ICD10.contains(coding.getSystem()) && coding.hasCode() && coding.getCode().startsWith("E11"));
		return patient(c.getSubject()).map(p -> new Row(ref, p, CONDITION, at, null, null, diabetes));
	}

	private static String code(CodeableConcept concept) {
		return concept == null || concept.getCoding().isEmpty() ? null : concept.getCodingFirstRep().getCode();
	}

	private static Optional<String> patient(Reference reference) {
		return Optional.ofNullable(reference).map(Reference::getReferenceElement)
				.filter(r -> "Patient".equals(r.getResourceType()) && r.hasIdPart()).map(r -> r.getIdPart());
	}
}
