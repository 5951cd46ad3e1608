package org.fhirportal.server.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Reference;

/**
 * The shared provider directory of a demo population (organizations, locations, practitioners),
 * derived from the seed only, so every patient bundle of the same seed can point at it through
 * conditional references such as {@code Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|...}.
 */
final class DemoDirectory {

	/** Clinical specialty of a practitioner (SNOMED CT practice setting codes). */
	enum Specialty {
		FAMILY_PRACTICE("419772000", "Family practice"),
		ENDOCRINOLOGY("394583002", "Endocrinology"),
		CARDIOLOGY("394579002", "Cardiology"),
		GENERAL_MEDICINE("394802001", "General medicine");

		final String code;
		final String display;

		Specialty(String code, String display) {
			this.code = code;
			this.display = display;
		}
	}

	/** An organization with the location where its practitioners work. */
	record Facility(String key, String organizationId, String name, String locationId, String locationName,
			String street, int cityIndex, int phone) {

		Reference organizationReference() {
			return new Reference(DemoIds.conditional("Organization", DemoIds.system("Organization"), organizationId))
					.setDisplay(name);
		}

		Reference locationReference() {
			return new Reference(DemoIds.conditional("Location", DemoIds.system("Location"), locationId))
					.setDisplay(locationName);
		}
	}

	/** A practitioner of the directory. */
	record Clinician(int index, String npi, String given, String family, AdministrativeGender gender,
			Specialty specialty, Facility facility) {

		String display() {
			return "Dr. " + given + " " + family;
		}

		boolean primaryCare() {
			return specialty == Specialty.FAMILY_PRACTICE;
		}

		Reference reference() {
			return new Reference(DemoIds.conditional("Practitioner", DemoIds.NPI_SYSTEM, npi)).setDisplay(display());
		}
	}

	private static final Specialty[] ROSTER = {
		Specialty.FAMILY_PRACTICE, Specialty.FAMILY_PRACTICE, Specialty.FAMILY_PRACTICE,
		Specialty.ENDOCRINOLOGY, Specialty.CARDIOLOGY, Specialty.GENERAL_MEDICINE, Specialty.GENERAL_MEDICINE,
	};

	private final String tag;
	private final Facility hospital;
	private final Facility clinic;
	private final List<Clinician> clinicians;

	private DemoDirectory(String tag, Facility hospital, Facility clinic, List<Clinician> clinicians) {
		this.tag = tag;
		this.hospital = hospital;
		this.clinic = clinic;
		this.clinicians = List.copyOf(clinicians);
	}

	static DemoDirectory create(long seed) {
		String tag = DemoIds.seedTag(seed);
		Facility hospital = new Facility("hospital", tag + "-org-hospital", "Riverton General Hospital",
				tag + "-loc-hospital", "Riverton General Hospital - Main Campus", "1 Hospital Plaza", 1, 10);
		Facility clinic = new Facility("clinic", tag + "-org-clinic", "Maple Street Family Clinic",
				tag + "-loc-clinic", "Maple Street Family Clinic", "250 Maple Avenue", 0, 20);
		SplittableRandom random = new SplittableRandom(DemoIds.mix(seed, -1));
		Set<String> npis = new HashSet<>();
		Set<String> names = new HashSet<>();
		List<Clinician> clinicians = new ArrayList<>();
		for (int i = 0; i < ROSTER.length; i++) {
			String npi;
			do {
				npi = DemoIds.npi(random.nextInt(100_000_000));
			} while (!npis.add(npi));
			AdministrativeGender gender =
					random.nextBoolean() ? AdministrativeGender.FEMALE : AdministrativeGender.MALE;
			String given;
			String family;
			do {
				given = DemoNames.pick(random, gender == AdministrativeGender.FEMALE
						? DemoNames.FEMALE_GIVEN : DemoNames.MALE_GIVEN);
				family = DemoNames.pick(random, DemoNames.FAMILY);
			} while (!names.add(given + " " + family));
			Facility facility = ROSTER[i] == Specialty.FAMILY_PRACTICE ? clinic : hospital;
			clinicians.add(new Clinician(i, npi, given, family, gender, ROSTER[i], facility));
		}
		return new DemoDirectory(tag, hospital, clinic, clinicians);
	}

	String tag() {
		return tag;
	}

	Facility hospital() {
		return hospital;
	}

	Facility clinic() {
		return clinic;
	}

	List<Facility> facilities() {
		return List.of(hospital, clinic);
	}

	List<Clinician> clinicians() {
		return clinicians;
	}

	List<Clinician> withSpecialty(Specialty specialty) {
		return clinicians.stream().filter(c -> c.specialty() == specialty).toList();
	}
}
