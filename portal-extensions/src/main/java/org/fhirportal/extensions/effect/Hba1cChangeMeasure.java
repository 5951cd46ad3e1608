package org.fhirportal.extensions.effect;

import java.time.Instant;
import java.util.List;

/**
 * {@code hba1c-change}: for patients with type 2 diabetes (an active Condition coded SNOMED CT 44054006 or
 * ICD-10 E11*, with onset or recording before the period, or undated), the last HbA1c (LOINC 4548-4, an Observation
 * of category laboratory with a quantity, in %) in the period minus the last one in the baseline months: with the
 * default six baseline and six period months, the change over about six months. Patients without both values are no
 * units. AIPW only, adjusted for the baseline HbA1c; HbA1c is measured every few months, so there is no value in
 * every patient-month and no monthly panel for the DiD.
 */
final class Hba1cChangeMeasure implements OutcomeMeasure {

	@Override
	public MeasuredOutcome measure(PatientMonths data, EffectRequest request, Instant until) {
		boolean[] diabetes = new boolean[data.size()];
		Instant[][] last = new Instant[data.size()][2];
		double[][] value = new double[data.size()][2];
		for (PatientMonths.Fact f : data.facts) {
			if (f.kind().equals(EffectFacts.CONDITION) && f.flag() && (f.at() == null || f.at().isBefore(request.periodStart()))) {
				diabetes[f.row()] = true;
			} else if (f.kind().equals(EffectFacts.LAB) && EffectFacts.HBA1C.equals(f.code()) && !Double.isNaN(f.amount())
					&& !f.at().isBefore(request.panelStart()) && f.at().isBefore(until)) {
				int window = f.at().isBefore(request.periodStart()) ? 0 : 1;
				if (last[f.row()][window] == null || f.at().isAfter(last[f.row()][window])) {
					last[f.row()][window] = f.at();
					value[f.row()][window] = f.amount();
				}
			}
		}
		double[] period = new double[data.size()];
		double[][] baseline = new double[data.size()][];
		for (int i = 0; i < data.size(); i++) {
			boolean unit = diabetes[i] && last[i][0] != null && last[i][1] != null;
			period[i] = unit ? value[i][1] - value[i][0] : Double.NaN;
			baseline[i] = new double[] {unit ? value[i][0] : 0};
		}
		return new MeasuredOutcome(List.of("baseline-hba1c"), period, baseline, new double[data.size()][]);
	}
}
