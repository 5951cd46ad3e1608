package org.fhirportal.server.demo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Reference;

/**
 * Per-patient generation context: demographics, chronic conditions that drive lab trends and
 * medications, the visit timeline, and the patient's own random stream.
 */
final class DemoPatient {

	/** Chronic conditions that shape a patient's labs, vitals and medications. */
	enum Condition {
		DIABETES("44054006", "Diabetes mellitus type 2"),
		HYPERLIPIDEMIA("55822004", "Hyperlipidemia"),
		HYPERTENSION("59621000", "Essential hypertension"),
		ANEMIA("87522002", "Iron deficiency anemia");

		final String code;
		final String display;

		Condition(String code, String display) {
			this.code = code;
			this.display = display;
		}

		CodeableConcept concept() {
			return new CodeableConcept(new Coding(SharedResourcesFactory.SNOMED, code, display)).setText(display);
		}
	}

	/**
	 * One encounter of the timeline; {@code reference} is filled once the Encounter entry exists.
	 */
	static final class Visit {
		final int number;
		final boolean inpatient;
		final OffsetDateTime start;
		final OffsetDateTime end;
		final DemoDirectory.Clinician clinician;
		Reference reference;

		Visit(int number, boolean inpatient, OffsetDateTime start, OffsetDateTime end,
				DemoDirectory.Clinician clinician) {
			this.number = number;
			this.inpatient = inpatient;
			this.start = start;
			this.end = end;
			this.clinician = clinician;
		}

		/** Stable key fragment for identifiers of resources produced during this visit. */
		String key() {
			return "e" + number;
		}
	}

	final int index;
	final String idPrefix;
	final SplittableRandom random;
	final LocalDate anchor;
	final DemoDirectory directory;
	final AdministrativeGender gender;
	final String given;
	final String family;
	final LocalDate birthDate;
	final Set<Condition> conditions;
	final DemoDirectory.Clinician gp;
	List<Visit> visits = List.of();
	Reference reference;

	DemoPatient(long seed, int index, LocalDate anchor, DemoDirectory directory) {
		this.index = index;
		this.idPrefix = directory.tag() + "-p" + String.format(java.util.Locale.ROOT, "%04d", index + 1);
		this.random = new SplittableRandom(DemoIds.mix(seed, index));
		this.anchor = anchor;
		this.directory = directory;
		this.gender = random.nextBoolean() ? AdministrativeGender.FEMALE : AdministrativeGender.MALE;
		this.given = DemoNames.pick(random, gender == AdministrativeGender.FEMALE
				? DemoNames.FEMALE_GIVEN : DemoNames.MALE_GIVEN);
		this.family = DemoNames.pick(random, DemoNames.FAMILY);
		int ageYears = 18 + random.nextInt(68);
		this.birthDate = anchor.minusYears(ageYears).minusDays(random.nextInt(365));
		this.conditions = pickConditions(random, ageYears);
		List<DemoDirectory.Clinician> pcps = directory.withSpecialty(DemoDirectory.Specialty.FAMILY_PRACTICE);
		this.gp = pcps.get(index % pcps.size());
	}

	private static Set<Condition> pickConditions(SplittableRandom random, int age) {
		Set<Condition> set = EnumSet.noneOf(Condition.class);
		double ageFactor = age >= 45 ? 1.6 : 0.8;
		if (random.nextDouble() < 0.25 * ageFactor) {
			set.add(Condition.DIABETES);
		}
		if (random.nextDouble() < 0.3 * ageFactor) {
			set.add(Condition.HYPERLIPIDEMIA);
		}
		if (random.nextDouble() < 0.3 * ageFactor) {
			set.add(Condition.HYPERTENSION);
		}
		if (random.nextDouble() < 0.12) {
			set.add(Condition.ANEMIA);
		}
		return set;
	}

	boolean has(Condition condition) {
		return conditions.contains(condition);
	}

	String displayName() {
		return given + " " + family;
	}

	/** Copy of the bundle-local patient reference, with display name. */
	Reference ref() {
		return reference.copy().setDisplay(displayName());
	}

	/** Identifier value for the {@code n}-th resource of {@code kind} of this patient. */
	String id(String kind, Object... parts) {
		StringBuilder sb = new StringBuilder(idPrefix).append('-').append(kind);
		for (Object part : parts) {
			sb.append('-').append(part);
		}
		return sb.toString();
	}

	List<Visit> inpatientVisits() {
		return visits.stream().filter(v -> v.inpatient).toList();
	}

	Visit lastVisit() {
		return visits.get(visits.size() - 1);
	}
}
