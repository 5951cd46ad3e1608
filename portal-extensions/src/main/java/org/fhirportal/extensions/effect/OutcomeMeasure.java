package org.fhirportal.extensions.effect;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** How one {@link EffectOutcome} is computed from what {@link EffectQuery} loaded. */
interface OutcomeMeasure {

	/**
	 * @param until the end of the data: the end of the last month, or now if that is earlier
	 */
	MeasuredOutcome measure(PatientMonths data, EffectRequest request, Instant until);

	/** The index of the panel month (baseline months first) an instant falls in, or -1 outside the panel. */
	static int month(EffectRequest request, Instant at, int months) {
		long m = ChronoUnit.MONTHS.between(request.firstMonth().minusMonths(request.baselineMonths()), YearMonth.from(at.atOffset(ZoneOffset.UTC)));
		return at.isBefore(request.panelStart()) || m >= months ? -1 : (int) m;
	}
}
