package org.fhirportal.extensions.effect;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code refill-adherence}: the proportion of days covered (PDC) by dispensed supply, after the Pharmacy Quality
 * Alliance's definition (Nau, "Proportion of Days Covered (PDC) as a preferred method of measuring medication
 * adherence", PQA 2012): each completed MedicationDispense covers {@code daysSupply} days from the UTC day of
 * {@code whenHandedOver}; a fill handed over while earlier supply lasts starts the day that supply runs out
 * (overlaps shift forward, as stockpiled tablets are taken later); {@code PDC = covered days in the window / days in
 * the window}, between 0 and 1.
 * <p>Patients: those with an active MedicationRequest who were on treatment when the panel began, i.e. with a
 * dispense in the {@value #LOOKBACK_DAYS} days before the first baseline month (fills from then on are read, so supply
 * carried into the panel counts). AIPW: the PDC over the period, adjusted for the PDC over the baseline months;
 * DiD: the PDC of each month. Every day of the window must have begun: months wholly after now are refused.
 */
final class RefillAdherenceMeasure implements OutcomeMeasure {

	static final int LOOKBACK_DAYS = 180;

	@Override
	public MeasuredOutcome measure(PatientMonths data, EffectRequest request, Instant until) {
		LocalDate origin = day(request.panelStart());
		int untilDay = (int) ChronoUnit.DAYS.between(origin, day(until.minusMillis(1))) + 1;
		int periodDay = (int) ChronoUnit.DAYS.between(origin, request.firstMonth().atDay(1));
		int[] monthStarts = new int[data.months + 1];
		for (int m = 0; m <= data.months; m++) {
			monthStarts[m] = (int) ChronoUnit.DAYS.between(origin, request.firstMonth().minusMonths(request.baselineMonths()).plusMonths(m).atDay(1));
		}
		if (untilDay <= monthStarts[data.months - 1]) {
			throw new InvalidRequestException("refill-adherence needs months that have begun: end must not be after the current month");
		}
		List<List<int[]>> fills = new ArrayList<>();
		boolean[] ordered = new boolean[data.size()];
		for (int i = 0; i < data.size(); i++) {
			fills.add(new ArrayList<>());
		}
		for (PatientMonths.Fact f : data.facts) {
			if (f.kind().equals(EffectFacts.MEDICATION_ORDER) && f.flag()) {
				ordered[f.row()] = true;
			} else if (f.kind().equals(EffectFacts.DISPENSE)) {
				fills.get(f.row()).add(new int[] {(int) ChronoUnit.DAYS.between(origin, day(f.at())), (int) Math.round(f.amount())});
			}
		}
		double[] period = new double[data.size()];
		double[][] baseline = new double[data.size()][];
		double[][] monthly = new double[data.size()][];
		for (int i = 0; i < data.size(); i++) {
			List<int[]> mine = fills.get(i);
			boolean onTreatment = ordered[i] && mine.stream().anyMatch(fill -> fill[0] < 0);
			period[i] = Double.NaN;
			baseline[i] = new double[] {0};
			if (!onTreatment) {
				continue;
			}
			List<int[]> covered = coveredSpans(mine);
			period[i] = proportion(covered, periodDay, untilDay);
			baseline[i][0] = proportion(covered, 0, periodDay);
			monthly[i] = new double[data.months];
			for (int m = 0; m < data.months; m++) {
				monthly[i][m] = proportion(covered, monthStarts[m], Math.min(monthStarts[m + 1], untilDay));
			}
		}
		return new MeasuredOutcome(List.of("baseline-pdc"), period, baseline, monthly);
	}

	/** The days supply covers, as [first, end) spans in fill order, overlaps shifted forward (PQA). */
	static List<int[]> coveredSpans(List<int[]> fills) {
		List<int[]> sorted = new ArrayList<>(fills);
		sorted.sort(Comparator.comparingInt((int[] f) -> f[0]));
		List<int[]> spans = new ArrayList<>();
		int suppliedUntil = Integer.MIN_VALUE;
		for (int[] fill : sorted) {
			int start = Math.max(fill[0], suppliedUntil);
			suppliedUntil = start + fill[1];
			spans.add(new int[] {start, suppliedUntil});
		}
		return spans;
	}

	/** Covered days in [from, to) over the days in it; 0 for an empty window. */
	static double proportion(List<int[]> spans, int from, int to) {
		if (to <= from) {
			return 0;
		}
		int covered = 0;
		for (int[] span : spans) {
			covered += Math.max(0, Math.min(span[1], to) - Math.max(span[0], from));
		}
		return covered / (double) (to - from);
	}

	private static LocalDate day(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC).toLocalDate();
	}

	static Instant loadFrom(EffectRequest request) {
		return request.panelStart().minus(Duration.ofDays(LOOKBACK_DAYS));
	}
}
