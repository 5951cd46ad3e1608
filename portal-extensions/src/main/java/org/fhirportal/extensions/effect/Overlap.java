package org.fhirportal.extensions.effect;

import java.util.List;

/**
 * Overlap diagnostics of a propensity-score analysis: the range of estimated propensities in each arm (before
 * trimming), the trimming bounds applied and the share of units they dropped, and the standardized mean difference
 * of every covariate before and after weighting.
 */
public record Overlap(Range treatedPropensity, Range controlPropensity, double trimLower, double trimUpper, int trimmedTreated,
		int trimmedControl, double shareTrimmed, List<Balance> balance) {

	public Overlap {
		balance = List.copyOf(balance);
	}

	public record Range(double min, double max) {
	}

	/**
	 * Standardized mean difference of one covariate, {@code (mean₁ - mean₀) / sqrt((s₁² + s₀²)/2)}, with the
	 * unweighted standard deviations of the whole sample in the denominator both before and after weighting
	 * (Austin, "Balance diagnostics ...", Statistics in Medicine 28, 2009). Below 0.1 is the usual sign of balance.
	 */
	public record Balance(String covariate, double before, double after) {
	}

	public double maxAbsoluteBalanceAfter() {
		return balance.stream().mapToDouble(b -> Math.abs(b.after())).max().orElse(0);
	}
}
