package org.fhirportal.extensions.analytics;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@code $engagement}: for each cohort, the period's figures and the monthly ones. Aggregates
 * only: no patient identifier appears, and small cells are suppressed ({@link Cell}).
 *
 * @param period the days counted
 * @param dimension what the cohorts are groups of ({@link CohortDimension#ALL}: one cohort, {@code all})
 * @param cohorts the cohorts, by name
 */
public record EngagementReport(EngagementPeriod period, CohortDimension dimension, List<Cohort> cohorts) {

	public EngagementReport {
		Objects.requireNonNull(period, "period");
		Objects.requireNonNull(dimension, "dimension");
		cohorts = List.copyOf(cohorts);
	}

	public Optional<Cohort> cohort(String name) {
		return cohorts.stream().filter(c -> c.name().equals(name)).findFirst();
	}

	/**
	 * @param name the cohort ({@code all}, an age band, a gender code, an Organization or Practitioner reference, or
	 *     {@code unknown})
	 * @param cells the period's figures, in {@link Measure} order
	 * @param months active patients and sign-ins per calendar month
	 */
	public record Cohort(String name, List<Cell> cells, List<Month> months) {

		public Cohort {
			Objects.requireNonNull(name, "name");
			cells = List.copyOf(cells);
			months = List.copyOf(months);
		}

		public Cell cell(Measure measure) {
			return cells.stream().filter(c -> c.measure() == measure).findFirst()
					.orElseThrow(() -> new IllegalArgumentException("no " + measure + " in cohort " + name));
		}
	}

	/**
	 * @param month the calendar month (cut to the period)
	 * @param cells {@link Measure#ACTIVE_PATIENTS}, {@link Measure#SIGN_INS} and
	 *     {@link Measure#SIGN_INS_PER_ACTIVE_PATIENT_MONTH} of that month
	 */
	public record Month(YearMonth month, List<Cell> cells) {

		public Month {
			Objects.requireNonNull(month, "month");
			cells = List.copyOf(cells);
		}

		public Cell cell(Measure measure) {
			return cells.stream().filter(c -> c.measure() == measure).findFirst()
					.orElseThrow(() -> new IllegalArgumentException("no " + measure + " in " + month));
		}
	}
}
