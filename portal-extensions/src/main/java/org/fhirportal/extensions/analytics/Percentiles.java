package org.fhirportal.extensions.analytics;

import java.util.Arrays;
import java.util.Optional;

/**
 * Percentiles of a sample by linear interpolation between the closest ranks (Hyndman and Fan's definition 7,
 * the one of PostgreSQL's {@code percentile_cont}, R's default and spreadsheets' {@code PERCENTILE.INC}):
 * for {@code n} sorted values and fraction {@code p}, the value at rank {@code h = (n - 1) p}, interpolated
 * between {@code x[floor(h)]} and {@code x[floor(h) + 1]}. The median is {@code p = 0.5}.
 *
 * <p>Hand-written: a few lines, where a statistics library would be a large dependency for one function.
 */
final class Percentiles {

	private final double[] sorted;

	private Percentiles(double[] sorted) {
		this.sorted = sorted;
	}

	static Percentiles of(double[] values) {
		double[] copy = values.clone();
		Arrays.sort(copy);
		return new Percentiles(copy);
	}

	/** The {@code p} percentile ({@code 0 <= p <= 1}), empty for an empty sample. */
	Optional<Double> at(double p) {
		if (p < 0 || p > 1 || Double.isNaN(p)) {
			throw new IllegalArgumentException("a percentile fraction lies between 0 and 1, not " + p);
		}
		if (sorted.length == 0) {
			return Optional.empty();
		}
		double h = (sorted.length - 1) * p;
		int low = (int) Math.floor(h);
		int high = Math.min(low + 1, sorted.length - 1);
		return Optional.of(sorted[low] + (h - low) * (sorted[high] - sorted[low]));
	}

	Optional<Double> median() {
		return at(0.5);
	}

	int size() {
		return sorted.length;
	}
}
