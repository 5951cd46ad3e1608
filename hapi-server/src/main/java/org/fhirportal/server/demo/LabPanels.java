package org.fhirportal.server.demo;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Laboratory panels drawn at every visit: each panel yields LOINC-coded {@code laboratory}
 * Observations (UCUM units, reference range, interpretation) and one final DiagnosticReport
 * (category LAB) whose {@code result} points at them. Values follow a per-patient baseline plus a
 * per-visit trend (e.g. HbA1c improving under metformin), so a portal trend chart has 3-6 points.
 */
final class LabPanels {

	private static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";
	private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

	/** A lab test: LOINC code, UCUM unit, decimals and reference range (NaN = open ended). */
	enum Analyte {
		GLUCOSE("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", 0, 70, 99),
		CREATININE("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 2, 0.6, 1.3),
		CHOLESTEROL("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", 0, Double.NaN, 200),
		HDL("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", "mg/dL", 0, 40, Double.NaN),
		HEMOGLOBIN("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 1, 13.5, 17.5),
		HBA1C("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 1, 4.0, 5.6);

		final String code;
		final String display;
		final String unit;
		final int scale;
		final double low;
		final double high;

		Analyte(String code, String display, String unit, int scale, double low, double high) {
			this.code = code;
			this.display = display;
			this.unit = unit;
			this.scale = scale;
			this.low = low;
			this.high = high;
		}
	}

	/** A panel reported by one DiagnosticReport. */
	enum Panel {
		BMP("51990-0", "Basic metabolic panel - Blood", List.of(Analyte.GLUCOSE, Analyte.CREATININE)),
		LIPID("57698-3", "Lipid panel with direct LDL - Serum or Plasma", List.of(Analyte.CHOLESTEROL, Analyte.HDL)),
		CBC("58410-2", "CBC panel - Blood by Automated count", List.of(Analyte.HEMOGLOBIN)),
		A1C("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", List.of(Analyte.HBA1C));

		final String code;
		final String display;
		final List<Analyte> analytes;

		Panel(String code, String display, List<Analyte> analytes) {
			this.code = code;
			this.display = display;
			this.analytes = analytes;
		}
	}

	/** Baseline mean, per-visit trend and visit-to-visit noise of each analyte for one patient. */
	private final Map<Analyte, double[]> model = new EnumMap<>(Analyte.class);
	private final DemoPatient patient;

	LabPanels(DemoPatient p) {
		this.patient = p;
		boolean dm = p.has(DemoPatient.Condition.DIABETES);
		boolean lipid = p.has(DemoPatient.Condition.HYPERLIPIDEMIA);
		boolean female = p.gender == AdministrativeGender.FEMALE;
		double hb = p.has(DemoPatient.Condition.ANEMIA) ? 10.4 : female ? 13.6 : 15.2;
		model.put(Analyte.GLUCOSE, new double[] {dm ? 165 : 88, dm ? -9 : 0, dm ? 14 : 6});
		model.put(Analyte.CREATININE, new double[] {female ? 0.8 : 1.0, 0, 0.08});
		model.put(Analyte.CHOLESTEROL, new double[] {lipid ? 248 : 178, lipid ? -12 : 0, 9});
		model.put(Analyte.HDL, new double[] {female ? 58 : 47, 0, 4});
		model.put(Analyte.HEMOGLOBIN, new double[] {hb, p.has(DemoPatient.Condition.ANEMIA) ? 0.45 : 0, 0.4});
		model.put(Analyte.HBA1C, new double[] {dm ? 8.6 : 5.3, dm ? -0.35 : 0, dm ? 0.25 : 0.15});
		for (double[] m : model.values()) {
			m[0] += p.random.nextGaussian() * m[2];
		}
	}

	/** Adds all panels drawn during {@code visit}: observations first, then their reports. */
	void addDraw(TransactionBuilder tx, DemoPatient.Visit visit) {
		OffsetDateTime collected = visit.start.plusMinutes(visit.inpatient ? 45 : 20);
		OffsetDateTime issued = collected.plusHours(visit.inpatient ? 2 : 6);
		for (Panel panel : Panel.values()) {
			List<Reference> results = new ArrayList<>();
			List<String> abnormal = new ArrayList<>();
			for (Analyte a : panel.analytes) {
				Observation obs = observation(visit, a, collected, issued);
				String flag = obs.getInterpretationFirstRep().getCodingFirstRep().getCode();
				if (!"N".equals(flag)) {
					abnormal.add(a.display + " " + ("H".equals(flag) ? "high" : "low"));
				}
				results.add(tx.put(obs, patient.id("obs", visit.key(), a.code)).setDisplay(a.display));
			}
			DiagnosticReport report = new DiagnosticReport();
			report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
			report.addCategory(new CodeableConcept(new Coding(V2_0074, "LAB", "Laboratory")));
			report.setCode(ClinicalDataFactory.loinc(panel.code, panel.display));
			report.setSubject(patient.ref());
			report.setEncounter(visit.reference.copy());
			report.setEffective(DemoTime.dateTime(collected));
			report.setIssuedElement(DemoTime.instant(issued));
			report.addPerformer(patient.directory.hospital().organizationReference());
			report.addResultsInterpreter(visit.clinician.reference());
			report.setResult(results);
			report.setConclusion(abnormal.isEmpty() ? "All results within reference range."
					: "Outside reference range: " + String.join(", ", abnormal) + ".");
			tx.put(report, patient.id("report", visit.key(), panel.code));
		}
	}

	private Observation observation(DemoPatient.Visit visit, Analyte a, OffsetDateTime collected,
			OffsetDateTime issued) {
		double[] m = model.get(a);
		double value = Math.max(m[0] + m[1] * (visit.number - 1) + patient.random.nextGaussian() * m[2] * 0.5,
				Math.pow(10, -a.scale));
		Quantity quantity = ClinicalDataFactory.quantity(value, a.scale, a.unit, a.unit);
		double rounded = quantity.getValue().doubleValue();
		Observation obs = new Observation();
		obs.setStatus(Observation.ObservationStatus.FINAL);
		obs.addCategory(new CodeableConcept(new Coding(ClinicalDataFactory.OBSERVATION_CATEGORY, "laboratory",
				"Laboratory")).setText("Laboratory"));
		obs.setCode(ClinicalDataFactory.loinc(a.code, a.display));
		obs.setSubject(patient.ref());
		obs.setEncounter(visit.reference.copy());
		obs.setEffective(DemoTime.dateTime(collected));
		obs.setIssuedElement(DemoTime.instant(issued));
		obs.addPerformer(patient.directory.hospital().organizationReference());
		obs.setValue(quantity);
		boolean femaleHb = a == Analyte.HEMOGLOBIN && patient.gender == AdministrativeGender.FEMALE;
		double low = femaleHb ? 12.0 : a.low;
		double high = femaleHb ? 15.5 : a.high;
		String flag = !Double.isNaN(high) && rounded > high ? "H"
				: !Double.isNaN(low) && rounded < low ? "L" : "N";
		String flagDisplay = switch (flag) {
			case "H" -> "High";
			case "L" -> "Low";
			default -> "Normal";
		};
		obs.addInterpretation(new CodeableConcept(new Coding(INTERPRETATION, flag, flagDisplay)));
		Observation.ObservationReferenceRangeComponent range = obs.addReferenceRange();
		if (!Double.isNaN(low)) {
			range.setLow(ClinicalDataFactory.quantity(low, a.scale, a.unit, a.unit));
		}
		if (!Double.isNaN(high)) {
			range.setHigh(ClinicalDataFactory.quantity(high, a.scale, a.unit, a.unit));
		}
		range.setText(rangeText(low, high, a));
		return obs;
	}

	private static String rangeText(double low, double high, Analyte a) {
		String lo = Double.isNaN(low) ? null : ClinicalDataFactory.decimal(low, a.scale).toPlainString();
		String hi = Double.isNaN(high) ? null : ClinicalDataFactory.decimal(high, a.scale).toPlainString();
		if (lo == null) {
			return "<= " + hi + " " + a.unit;
		}
		if (hi == null) {
			return ">= " + lo + " " + a.unit;
		}
		return lo + "-" + hi + " " + a.unit;
	}
}
