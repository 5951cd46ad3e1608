package org.fhirportal.extensions.effect;

import java.time.Instant;
import java.util.List;

/**
 * {@code no-show}: among a patient's due appointments (start in the month, before now, status booked, arrived,
 * checked-in, fulfilled or noshow), those with status noshow. AIPW: the patient's share of due appointments missed
 * over the period (patients with a due appointment there), adjusted for the baseline no-shows; DiD: no-shows per
 * patient and month (patients with a due appointment in the panel).
 */
final class NoShowMeasure implements OutcomeMeasure {

	@Override
	public MeasuredOutcome measure(PatientMonths data, EffectRequest request, Instant until) {
		int base = request.baselineMonths();
		int end = data.months;
		double[] period = new double[data.size()];
		double[][] baseline = new double[data.size()][];
		double[][] monthly = new double[data.size()][];
		for (int i = 0; i < data.size(); i++) {
			int due = PatientMonths.sum(data.due.get(i), base, end);
			period[i] = due == 0 ? Double.NaN : PatientMonths.sum(data.noShows.get(i), base, end) / (double) due;
			baseline[i] = new double[] {PatientMonths.sum(data.noShows.get(i), 0, base)};
			if (PatientMonths.sum(data.due.get(i), 0, end) > 0) {
				monthly[i] = new double[end];
				for (int m = 0; m < end; m++) {
					monthly[i][m] = data.noShows.get(i)[m];
				}
			}
		}
		return new MeasuredOutcome(List.of("baseline-no-shows"), period, baseline, monthly);
	}
}
