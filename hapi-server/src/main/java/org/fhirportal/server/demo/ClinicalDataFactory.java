package org.fhirportal.server.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Encounter timeline and vital signs of a patient. Every patient gets 3-6 finished encounters in
 * distinct weeks (at least two weeks apart) within the two years before the anchor date; exactly
 * one is an inpatient stay, the others are ambulatory visits. Vital signs conform to the FHIR R4
 * vital signs profiles (LOINC code, {@code vital-signs} category, UCUM units).
 */
final class ClinicalDataFactory {

	static final String LOINC = "http://loinc.org";
	static final String UCUM = "http://unitsofmeasure.org";
	static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
	private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
	private static final String DISCHARGE = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
	private static final int WEEKS_BACK = 104;

	/** Reasons for the inpatient stay (SNOMED CT). */
	static final String[][] ADMISSION_REASONS = {
		{"233604007", "Pneumonia"},
		{"128045006", "Cellulitis"},
		{"29857009", "Chest pain"},
		{"68566005", "Urinary tract infectious disease"},
	};

	private ClinicalDataFactory() {
	}

	/** Draws the visit timeline of {@code p} (must run before any resource referencing visits). */
	static void planVisits(DemoPatient p) {
		int count = 3 + p.random.nextInt(4);
		TreeSet<Integer> picks = new TreeSet<>();
		while (picks.size() < count) {
			picks.add(p.random.nextInt(WEEKS_BACK - 2 - count));
		}
		int inpatientAt = p.random.nextInt(count);
		List<DemoDirectory.Clinician> hospitalists =
				p.directory.withSpecialty(DemoDirectory.Specialty.GENERAL_MEDICINE);
		List<DemoPatient.Visit> visits = new ArrayList<>();
		int ordinal = 0;
		for (int x : picks.descendingSet()) {
			// x_i + i over sorted picks gives weeks at least two apart; oldest visit first.
			int weeksAgo = 2 + x + (count - 1 - ordinal);
			LocalDate monday = p.anchor.minusWeeks(weeksAgo).with(java.time.DayOfWeek.MONDAY);
			LocalDate day = monday.plusDays(p.random.nextInt(5));
			boolean inpatient = ordinal == inpatientAt;
			DemoPatient.Visit visit;
			if (inpatient) {
				OffsetDateTime admit = DemoTime.at(day, 10 + p.random.nextInt(10), 15 * p.random.nextInt(4));
				OffsetDateTime discharge = DemoTime.at(day.plusDays(2 + p.random.nextInt(4)), 11, 0);
				visit = new DemoPatient.Visit(ordinal + 1, true, admit, discharge,
						DemoNames.pick(p.random, hospitalists));
			} else {
				OffsetDateTime start = DemoTime.at(day, 8 + p.random.nextInt(8), 30 * p.random.nextInt(2));
				visit = new DemoPatient.Visit(ordinal + 1, false, start, start.plusMinutes(30), ambulatoryClinician(p));
			}
			visits.add(visit);
			ordinal++;
		}
		p.visits = List.copyOf(visits);
	}

	private static DemoDirectory.Clinician ambulatoryClinician(DemoPatient p) {
		if (p.random.nextInt(10) < 3) {
			if (p.has(DemoPatient.Condition.DIABETES)) {
				return p.directory.withSpecialty(DemoDirectory.Specialty.ENDOCRINOLOGY).get(0);
			}
			if (p.has(DemoPatient.Condition.HYPERTENSION)) {
				return p.directory.withSpecialty(DemoDirectory.Specialty.CARDIOLOGY).get(0);
			}
		}
		return p.gp;
	}

	/** Reason for the inpatient stay of {@code visit}, stable per patient and visit. */
	static String[] admissionReason(DemoPatient p, DemoPatient.Visit visit) {
		return ADMISSION_REASONS[Math.floorMod(p.index * 7 + visit.number, ADMISSION_REASONS.length)];
	}

	/** Adds the Encounter of {@code visit} and stores its reference on the visit. */
	static void addEncounter(TransactionBuilder tx, DemoPatient p, DemoPatient.Visit visit, Reference appointment) {
		Encounter enc = new Encounter();
		enc.setStatus(Encounter.EncounterStatus.FINISHED);
		DemoDirectory.Facility facility = visit.clinician.facility();
		if (visit.inpatient) {
			enc.setClass_(new Coding(ACT_CODE, "IMP", "inpatient encounter"));
			enc.addType(snomed("32485007", "Hospital admission (procedure)"));
			String[] reason = admissionReason(p, visit);
			enc.addReasonCode(snomed(reason[0], reason[1]));
			enc.getHospitalization().setDischargeDisposition(
					new CodeableConcept(new Coding(DISCHARGE, "home", "Home")));
		} else {
			enc.setClass_(new Coding(ACT_CODE, "AMB", "ambulatory"));
			boolean checkUp = visit.clinician.primaryCare();
			enc.addType(checkUp ? snomed("185349003", "Encounter for check up (procedure)")
					: snomed("185347001", "Encounter for problem (procedure)"));
			p.conditions.stream().findFirst().ifPresent(c -> enc.addReasonCode(c.concept()));
			enc.addAppointment(appointment.copy());
		}
		enc.setSubject(p.ref());
		enc.addParticipant()
				.addType(new CodeableConcept(visit.inpatient
						? new Coding(PARTICIPATION, "ATND", "attender")
						: new Coding(PARTICIPATION, "PPRF", "primary performer")))
				.setIndividual(visit.clinician.reference())
				.setPeriod(DemoTime.period(visit.start, visit.end));
		enc.setPeriod(DemoTime.period(visit.start, visit.end));
		enc.addLocation().setLocation(facility.locationReference())
				.setStatus(Encounter.EncounterLocationStatus.COMPLETED);
		enc.setServiceProvider(facility.organizationReference());
		visit.reference = tx.put(enc, p.id("enc", visit.key()));
	}

	/** Heart rate, blood pressure panel, body weight and height, measured at the start of the visit. */
	static void addVitals(TransactionBuilder tx, DemoPatient p, DemoPatient.Visit visit, Baselines b) {
		OffsetDateTime when = visit.start.plusMinutes(5);
		int n = visit.number - 1;
		double hr = b.heartRate + p.random.nextGaussian() * 6;
		tx.put(vital(p, visit, when, "8867-4", "Heart rate").setValue(quantity(hr, 0, "/min", "beats/minute")),
				p.id("obs", visit.key(), "8867-4"));

		Observation bp = vital(p, visit, when, "85354-9", "Blood pressure panel with all children optional");
		double sys = b.systolic + b.systolicTrend * n + p.random.nextGaussian() * 6;
		double dia = b.diastolic + b.systolicTrend * 0.5 * n + p.random.nextGaussian() * 4;
		bp.addComponent().setCode(loinc("8480-6", "Systolic blood pressure"))
				.setValue(quantity(sys, 0, "mm[Hg]", "mmHg"));
		bp.addComponent().setCode(loinc("8462-4", "Diastolic blood pressure"))
				.setValue(quantity(dia, 0, "mm[Hg]", "mmHg"));
		tx.put(bp, p.id("obs", visit.key(), "85354-9"));

		double weight = b.weight + b.weightTrend * n + p.random.nextGaussian() * 0.8;
		tx.put(vital(p, visit, when, "29463-7", "Body weight").setValue(quantity(weight, 1, "kg", "kg")),
				p.id("obs", visit.key(), "29463-7"));
		tx.put(vital(p, visit, when, "8302-2", "Body height").setValue(quantity(b.height, 1, "cm", "cm")),
				p.id("obs", visit.key(), "8302-2"));
	}

	private static Observation vital(DemoPatient p, DemoPatient.Visit visit, OffsetDateTime when, String code,
			String display) {
		Observation obs = new Observation();
		obs.setStatus(Observation.ObservationStatus.FINAL);
		obs.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "vital-signs", "Vital Signs"))
				.setText("Vital Signs"));
		obs.setCode(loinc(code, display));
		obs.setSubject(p.ref());
		obs.setEncounter(visit.reference.copy());
		obs.setEffective(DemoTime.dateTime(when));
		obs.setIssuedElement(DemoTime.instant(when.plusMinutes(10)));
		obs.addPerformer(visit.clinician.reference());
		return obs;
	}

	static CodeableConcept loinc(String code, String display) {
		return new CodeableConcept(new Coding(LOINC, code, display)).setText(display);
	}

	static CodeableConcept snomed(String code, String display) {
		return new CodeableConcept(new Coding(SharedResourcesFactory.SNOMED, code, display)).setText(display);
	}

	static Quantity quantity(double value, int scale, String ucum, String unit) {
		return new Quantity().setValue(decimal(value, scale)).setUnit(unit).setSystem(UCUM).setCode(ucum);
	}

	static BigDecimal decimal(double value, int scale) {
		return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
	}

	/** Per-patient vital sign baselines, drawn once so that values trend smoothly across visits. */
	static final class Baselines {
		final double heartRate;
		final double systolic;
		final double diastolic;
		final double systolicTrend;
		final double weight;
		final double weightTrend;
		final double height;

		Baselines(DemoPatient p) {
			boolean female = p.gender == org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE;
			boolean htn = p.has(DemoPatient.Condition.HYPERTENSION);
			heartRate = 70 + p.random.nextGaussian() * 6;
			systolic = (htn ? 148 : 118) + p.random.nextGaussian() * 6;
			diastolic = (htn ? 94 : 76) + p.random.nextGaussian() * 4;
			systolicTrend = htn ? -3.0 : 0.0;
			height = (female ? 163 : 176) + p.random.nextGaussian() * 6;
			double bmi = (p.has(DemoPatient.Condition.DIABETES) ? 31 : 25) + p.random.nextGaussian() * 2.5;
			weight = bmi * (height / 100) * (height / 100);
			weightTrend = p.has(DemoPatient.Condition.DIABETES) ? -0.9 : p.random.nextGaussian() * 0.4;
		}
	}
}
