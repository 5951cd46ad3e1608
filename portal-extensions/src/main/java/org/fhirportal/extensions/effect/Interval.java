package org.fhirportal.extensions.effect;

import org.hipparchus.distribution.continuous.NormalDistribution;

/** A two-sided confidence interval. */
public record Interval(double lower, double upper) {

	/** The 0.975 quantile of the standard normal, for 95% Wald intervals. */
	static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

	static Interval wald95(double estimate, double standardError) {
		return new Interval(estimate - Z_975 * standardError, estimate + Z_975 * standardError);
	}

	public boolean covers(double value) {
		return lower <= value && value <= upper;
	}
}
