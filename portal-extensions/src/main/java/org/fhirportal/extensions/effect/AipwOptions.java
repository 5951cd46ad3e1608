package org.fhirportal.extensions.effect;

import java.util.Objects;

/**
 * Settings of one {@link AipwEstimator} run.
 *
 * @param estimand ATE or ATT
 * @param outcomeType binary (logistic outcome models) or continuous (linear)
 * @param trimming which propensities are too extreme to keep
 * @param bootstrapReplicates 0 for influence-function intervals only, otherwise the number of bootstrap resamples
 * @param seed the seed of the bootstrap, so that a run can be repeated exactly
 */
public record AipwOptions(Estimand estimand, OutcomeType outcomeType, Trimming trimming, int bootstrapReplicates, long seed) {

	public AipwOptions {
		Objects.requireNonNull(estimand, "estimand");
		Objects.requireNonNull(outcomeType, "outcomeType");
		Objects.requireNonNull(trimming, "trimming");
		if (bootstrapReplicates < 0) {
			throw new IllegalArgumentException("bootstrapReplicates must be 0 or more, got " + bootstrapReplicates);
		}
	}

	/** Influence-function intervals, propensities trimmed to [0.01, 0.99]. */
	public static AipwOptions of(Estimand estimand, OutcomeType outcomeType) {
		return new AipwOptions(estimand, outcomeType, Trimming.bounds(0.01, 0.99), 0, 0);
	}

	public AipwOptions withBootstrap(int replicates, long bootstrapSeed) {
		return new AipwOptions(estimand, outcomeType, trimming, replicates, bootstrapSeed);
	}

	public AipwOptions withTrimming(Trimming other) {
		return new AipwOptions(estimand, outcomeType, other, bootstrapReplicates, seed);
	}
}
