package org.fhirportal.extensions.effect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code lab-follow-up}: whether an out-of-range laboratory result (see {@link EffectFacts}: interpretation H, L,
 * HH, LL, A or AA, or a quantity outside its reference range) is followed, within {@link #WINDOW} after its
 * effective time, by the start of an Encounter (not cancelled or entered in error) or of an Appointment that was
 * kept or is still booked (status booked, arrived, checked-in or fulfilled). A result counts once its 30 days have
 * passed. AIPW, a binary outcome: for each patient with such a result in the period, whether their first one was
 * followed up, adjusted for the out-of-range results and follow-ups of the baseline months; DiD: followed-up
 * out-of-range results per patient and month of the result (patients with an out-of-range result in the panel).
 */
final class LabFollowUpMeasure implements OutcomeMeasure {

	static final Duration WINDOW = Duration.ofDays(30);

	@Override
	public MeasuredOutcome measure(PatientMonths data, EffectRequest request, Instant until) {
		Instant lastResult = until.minus(WINDOW);
		List<List<Instant>> results = new ArrayList<>();
		List<List<Instant>> visits = new ArrayList<>();
		for (int i = 0; i < data.size(); i++) {
			results.add(new ArrayList<>());
			visits.add(new ArrayList<>());
		}
		for (PatientMonths.Fact f : data.facts) {
			if (f.kind().equals(EffectFacts.LAB) && f.flag() && !f.at().isBefore(request.panelStart()) && !f.at().isAfter(lastResult)) {
				results.get(f.row()).add(f.at());
			} else if (f.kind().equals(EffectFacts.ENCOUNTER) || f.kind().equals(PatientMonths.APPOINTMENT)) {
				visits.get(f.row()).add(f.at());
			}
		}
		double[] period = new double[data.size()];
		double[][] baseline = new double[data.size()][];
		double[][] monthly = new double[data.size()][];
		for (int i = 0; i < data.size(); i++) {
			List<Instant> mine = results.get(i);
			mine.sort(null);
			Instant[] seen = visits.get(i).toArray(Instant[]::new);
			Arrays.sort(seen);
			period[i] = Double.NaN;
			baseline[i] = new double[2];
			if (mine.isEmpty()) {
				continue;
			}
			monthly[i] = new double[data.months];
			for (Instant result : mine) {
				boolean followed = followedUp(result, seen);
				if (result.isBefore(request.periodStart())) {
					baseline[i][0]++;
					baseline[i][1] += followed ? 1 : 0;
				} else if (Double.isNaN(period[i])) {
					period[i] = followed ? 1 : 0;
				}
				int m = OutcomeMeasure.month(request, result, data.months);
				if (m >= 0 && followed) {
					monthly[i][m]++;
				}
			}
		}
		return new MeasuredOutcome(List.of("baseline-out-of-range-results", "baseline-followed-up"), period, baseline, monthly);
	}

	/** Whether a visit starts after the result and at most {@link #WINDOW} later; {@code visits} sorted. */
	static boolean followedUp(Instant result, Instant[] visits) {
		int k = Arrays.binarySearch(visits, result);
		int next = k >= 0 ? k + 1 : -k - 1;
		while (next < visits.length && !visits[next].isAfter(result)) {
			next++;
		}
		return next < visits.length && !visits[next].isAfter(result.plus(WINDOW));
	}
}
