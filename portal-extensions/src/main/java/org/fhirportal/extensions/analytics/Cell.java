package org.fhirportal.extensions.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * One figure of an engagement report, with small-cell suppression: a figure derived from fewer than
 * {@link #MIN_PATIENTS} distinct patients is not shown ({@link #value()} is empty), so that no aggregate can
 * point at a person. Suppressed cells appear in the Parameters output as a value with the
 * {@code data-absent-reason} extension {@code masked}, and in CSV as {@code suppressed}.
 *
 * <p>Hand-written: primary suppression by a threshold, as health statistics publishers apply it (e.g. the
 * CMS cell size suppression policy, 1 to 10). Complementary suppression across cohorts is not attempted.
 *
 * @param measure what the figure is
 * @param value the figure (rounded for its unit), empty when suppressed
 */
public record Cell(Measure measure, Optional<BigDecimal> value) {

	/** The smallest number of patients a shown figure may be derived from. */
	public static final int MIN_PATIENTS = 11;

	public Cell {
		Objects.requireNonNull(measure, "measure");
		Objects.requireNonNull(value, "value");
	}

	/** The figure, or a suppressed cell when {@code patients} is below {@link #MIN_PATIENTS}. */
	public static Cell of(Measure measure, BigDecimal value, long patients) {
		if (patients < MIN_PATIENTS || value == null) {
			return new Cell(measure, Optional.empty());
		}
		return new Cell(measure, Optional.of(round(measure.unit(), value)));
	}

	public static Cell count(Measure measure, long count, long patients) {
		return of(measure, BigDecimal.valueOf(count), patients);
	}

	/** {@code numerator / denominator}, suppressed when the denominator is zero or too few patients. */
	public static Cell ratio(Measure measure, long numerator, long denominator, long patients) {
		return denominator == 0
				? new Cell(measure, Optional.empty())
				: of(measure, BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 10, RoundingMode.HALF_UP), patients);
	}

	/** A duration in seconds, shown in hours. */
	public static Cell hours(Measure measure, Optional<Double> seconds, long patients) {
		return of(measure, seconds.map(s -> BigDecimal.valueOf(s).divide(BigDecimal.valueOf(3600), 10, RoundingMode.HALF_UP)).orElse(null), patients);
	}

	public boolean suppressed() {
		return value.isEmpty();
	}

	static BigDecimal round(Measure.Unit unit, BigDecimal value) {
		return switch (unit) {
			case COUNT -> value.setScale(0, RoundingMode.HALF_UP);
			case RATIO -> value.setScale(3, RoundingMode.HALF_UP);
			case HOURS -> value.setScale(2, RoundingMode.HALF_UP);
		};
	}
}
