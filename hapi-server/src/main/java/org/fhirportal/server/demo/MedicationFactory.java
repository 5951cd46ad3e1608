package org.fhirportal.server.demo;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;

/**
 * MedicationRequests: an active long-term prescription per chronic condition (or an as-needed
 * analgesic for patients without one) and one or two completed short courses, all RxNorm coded.
 */
final class MedicationFactory {

	static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";

	/** A prescribable product with its usual sig, doses per day, units per dose and days of supply. */
	record Drug(String rxnorm, String display, String text, String sig, int dosesPerDay, int unitsPerDose,
			int days, int repeats, boolean asNeeded, DemoPatient.Condition reason) {
	}

	static final Drug METFORMIN = new Drug("860975",
			"24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet",
			"Metformin ER 500 mg tablet", "Take 1 tablet by mouth once daily with the evening meal.", 1, 1, 90, 3,
			false, DemoPatient.Condition.DIABETES);
	static final Drug ATORVASTATIN = new Drug("259255", "atorvastatin 80 MG Oral Tablet", "Atorvastatin 80 mg tablet",
			"Take 1 tablet by mouth once daily at bedtime.", 1, 1, 90, 3, false, DemoPatient.Condition.HYPERLIPIDEMIA);
	static final Drug LISINOPRIL = new Drug("314076", "lisinopril 10 MG Oral Tablet", "Lisinopril 10 mg tablet",
			"Take 1 tablet by mouth once daily in the morning.", 1, 1, 90, 3, false,
			DemoPatient.Condition.HYPERTENSION);
	static final Drug HCTZ = new Drug("310798", "hydrochlorothiazide 25 MG Oral Tablet",
			"Hydrochlorothiazide 25 mg tablet",
			"Take 1 tablet by mouth once daily.", 1, 1, 30, 1, false, DemoPatient.Condition.HYPERTENSION);
	static final Drug FERROUS_SULFATE = new Drug("310325", "ferrous sulfate 325 MG Oral Tablet",
			"Ferrous sulfate 325 mg tablet", "Take 1 tablet by mouth once daily with orange juice.", 1, 1, 30, 5, false,
			DemoPatient.Condition.ANEMIA);
	static final Drug ACETAMINOPHEN = new Drug("313782", "acetaminophen 325 MG Oral Tablet",
			"Acetaminophen 325 mg tablet",
			"Take 2 tablets by mouth every 6 hours as needed for pain. Max 8 tablets a day.",
			4, 2, 30, 2, true, null);
	static final Drug AMOXICILLIN = new Drug("308182", "amoxicillin 250 MG Oral Capsule", "Amoxicillin 250 mg capsule",
			"Take 2 capsules by mouth three times daily for 10 days.", 3, 2, 10, 0, false, null);
	static final Drug NAPROXEN = new Drug("849574", "naproxen sodium 220 MG Oral Tablet",
			"Naproxen sodium 220 mg tablet",
			"Take 1 tablet by mouth every 12 hours with food for 7 days.", 2, 1, 7, 0, false, null);

	private MedicationFactory() {
	}

	static void addMedications(TransactionBuilder tx, DemoPatient p) {
		List<Drug> active = new ArrayList<>();
		for (Drug drug : List.of(METFORMIN, ATORVASTATIN, LISINOPRIL, FERROUS_SULFATE)) {
			if (p.has(drug.reason())) {
				active.add(drug);
			}
		}
		if (active.isEmpty()) {
			active.add(ACETAMINOPHEN);
		}
		DemoPatient.Visit first = p.visits.get(0);
		DemoPatient.Visit second = p.visits.get(1);
		int n = 0;
		for (Drug drug : active) {
			// Hypertension starts on a thiazide at the first visit, switched to lisinopril at the second.
			DemoPatient.Visit visit = drug == LISINOPRIL ? second : first;
			add(tx, p, ++n, drug, visit, MedicationRequest.MedicationRequestStatus.ACTIVE);
		}
		if (p.has(DemoPatient.Condition.HYPERTENSION)) {
			add(tx, p, ++n, HCTZ, first, MedicationRequest.MedicationRequestStatus.COMPLETED);
		}
		add(tx, p, ++n, p.random.nextBoolean() ? AMOXICILLIN : NAPROXEN, second,
				MedicationRequest.MedicationRequestStatus.COMPLETED);
		if (p.random.nextInt(3) == 0) {
			add(tx, p, ++n, NAPROXEN, p.lastVisit(), MedicationRequest.MedicationRequestStatus.COMPLETED);
		}
	}

	private static void add(TransactionBuilder tx, DemoPatient p, int n, Drug drug, DemoPatient.Visit visit,
			MedicationRequest.MedicationRequestStatus status) {
		OffsetDateTime authored = visit.inpatient ? visit.end.minusHours(1) : visit.end.minusMinutes(5);
		boolean community = !visit.inpatient || status == MedicationRequest.MedicationRequestStatus.ACTIVE;
		MedicationRequest mr = new MedicationRequest();
		mr.setStatus(status);
		mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		mr.addCategory(new CodeableConcept(new Coding(CATEGORY, community ? "community" : "discharge",
				community ? "Community" : "Discharge")));
		mr.setMedication(new CodeableConcept(new Coding(RXNORM, drug.rxnorm(), drug.display())).setText(drug.text()));
		mr.setSubject(p.ref());
		mr.setEncounter(visit.reference.copy());
		mr.setAuthoredOnElement(DemoTime.dateTime(authored));
		mr.setRequester(visit.clinician.reference());
		if (drug.reason() != null) {
			mr.addReasonCode(drug.reason().concept());
		}
		Dosage dosage = mr.addDosageInstruction().setSequence(1).setText(drug.sig())
				.setPatientInstruction(drug.sig());
		dosage.setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent()
				.setFrequency(drug.dosesPerDay()).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D)));
		dosage.setRoute(ClinicalDataFactory.snomed("26643006", "Oral route"));
		if (drug.asNeeded()) {
			dosage.setAsNeeded(new org.hl7.fhir.r4.model.BooleanType(true));
		}
		String unit = drug.display().contains("Capsule") ? "capsule" : "tablet";
		// Plain-text dose units (as Synthea does): UCUM has no unit for "tablet", only {annotations}.
		dosage.addDoseAndRate().setDose(new Quantity().setValue(drug.unitsPerDose()).setUnit(unit));
		OffsetDateTime validUntil = status == MedicationRequest.MedicationRequestStatus.ACTIVE
				? authored.plusYears(3) : authored.plusDays(drug.days());
		MedicationRequest.MedicationRequestDispenseRequestComponent dispense = mr.getDispenseRequest();
		dispense.setValidityPeriod(DemoTime.period(authored, validUntil));
		dispense.setNumberOfRepeatsAllowed(drug.repeats());
		dispense.setQuantity(new Quantity().setValue((long) drug.dosesPerDay() * drug.unitsPerDose() * drug.days())
				.setUnit(unit));
		dispense.setExpectedSupplyDuration((Duration) new Duration().setValue(drug.days()).setUnit("days")
				.setSystem(ClinicalDataFactory.UCUM).setCode("d"));
		mr.getSubstitution().setAllowed(new org.hl7.fhir.r4.model.BooleanType(true));
		tx.put(mr, p.id("medreq", n));
	}
}
