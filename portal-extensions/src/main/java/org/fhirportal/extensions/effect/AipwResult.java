package org.fhirportal.extensions.effect;

import java.util.Optional;

/**
 * What {@link AipwEstimator} found. Aggregates only: nothing here identifies a unit.
 *
 * @param estimand ATE or ATT
 * @param estimate the doubly robust effect estimate (difference in mean outcome, exposed minus unexposed)
 * @param standardError from the influence function
 * @param interval the 95% Wald interval from the influence function
 * @param naiveDifference the unadjusted difference in means on the whole sample, for comparison
 * @param treatedMean the estimated mean outcome of the exposed (potential outcome under exposure)
 * @param controlMean the estimated mean outcome of the same population without exposure
 * @param treatedCount exposed units before trimming
 * @param controlCount unexposed units before trimming
 * @param overlap propensity ranges, trimming and covariate balance
 * @param eValue the E-value of the estimate
 * @param eValueInterval the E-value of the confidence limit closest to the null
 * @param bootstrap the bootstrap summary when one was asked for
 */
public record AipwResult(Estimand estimand, double estimate, double standardError, Interval interval, double naiveDifference,
		double treatedMean, double controlMean, int treatedCount, int controlCount, Overlap overlap, double eValue,
		double eValueInterval, Optional<Bootstrap> bootstrap) {

	/** A seeded nonparametric bootstrap: the standard deviation of the replicates and their 2.5/97.5 percentiles. */
	public record Bootstrap(int replicates, long seed, double standardError, Interval percentileInterval) {
	}
}
