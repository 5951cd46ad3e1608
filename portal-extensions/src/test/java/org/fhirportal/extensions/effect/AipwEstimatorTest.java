package org.fhirportal.extensions.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AipwEstimatorTest {

	private static final int REPLICATIONS = 200;
	private static final int PATIENTS = 2000;

	private final AipwEstimator estimator = new AipwEstimator();

	@Test
	void ateWhenEffectPlantedThenIntervalCoversItAt95PercentAndNaiveDifferenceIsFarOff() {
		Replications r = replicate(Estimand.ATE, OutcomeType.BINARY, -0.04);

		System.out.printf("AIPW ATE, effect -0.04: coverage %.3f, mean |error| %.4f, naive mean |error| %.4f%n",
				r.coverage(), r.meanAbsoluteError(), r.naiveMeanAbsoluteError());
		assertThat(r.coverage()).isBetween(0.90, 0.98);
		assertThat(r.naiveMeanAbsoluteError()).isGreaterThan(3 * r.meanAbsoluteError());
		assertThat(r.naiveCoverage()).isLessThan(0.25);
	}

	@Test
	void attWhenEffectPlantedThenIntervalCoversItAt95Percent() {
		Replications r = replicate(Estimand.ATT, OutcomeType.BINARY, -0.04);

		System.out.printf("AIPW ATT, effect -0.04: coverage %.3f, mean |error| %.4f, naive mean |error| %.4f%n",
				r.coverage(), r.meanAbsoluteError(), r.naiveMeanAbsoluteError());
		assertThat(r.coverage()).isBetween(0.90, 0.98);
		assertThat(r.naiveMeanAbsoluteError()).isGreaterThan(3 * r.meanAbsoluteError());
	}

	@Test
	void ateWhenNoEffectThenIntervalCoversZeroAt95Percent() {
		Replications r = replicate(Estimand.ATE, OutcomeType.BINARY, 0);

		System.out.printf("AIPW ATE, no effect: coverage of 0 %.3f, naive coverage of 0 %.3f%n", r.coverage(), r.naiveCoverage());
		assertThat(r.coverage()).isBetween(0.90, 0.98);
		assertThat(r.naiveCoverage()).isLessThan(0.25);
	}

	@Test
	void ateWhenContinuousOutcomeThenLinearOutcomeModelCoversTheEffect() {
		int covered = 0;
		int replications = 100;
		for (int seed = 0; seed < replications; seed++) {
			AipwResult result = estimator.estimate(ConfoundedPortalData.continuous(seed, 1000, -0.3),
					AipwOptions.of(Estimand.ATE, OutcomeType.CONTINUOUS));
			covered += result.interval().covers(-0.3) ? 1 : 0;
		}
		System.out.printf("AIPW ATE continuous, effect -0.3: coverage %.3f%n", covered / (double) replications);
		assertThat(covered / (double) replications).isBetween(0.88, 0.99);
	}

	@Test
	void estimateWhenConfoundedThenWeightingBalancesCovariatesAndReportsOverlap() {
		AipwResult result = estimator.estimate(ConfoundedPortalData.binary(7, 5000, -0.04), AipwOptions.of(Estimand.ATE, OutcomeType.BINARY));

		Overlap overlap = result.overlap();
		assertThat(overlap.balance()).extracting(Overlap.Balance::covariate).containsExactlyElementsOf(ConfoundedPortalData.COVARIATES);
		assertThat(overlap.balance().get(0).before()).isLessThan(-0.5);
		assertThat(overlap.maxAbsoluteBalanceAfter()).isLessThan(0.25);
		assertThat(overlap.treatedPropensity().max()).isGreaterThan(overlap.controlPropensity().min());
		assertThat(overlap.shareTrimmed()).isBetween(0.0, 0.1);
		assertThat(result.treatedCount() + result.controlCount()).isEqualTo(5000);
		assertThat(result.eValue()).isGreaterThan(1);
	}

	@Test
	void estimateWhenBootstrapAskedThenSeededAndCloseToTheInfluenceFunction() {
		EffectSample sample = ConfoundedPortalData.binary(3, 1500, -0.04);
		AipwOptions options = AipwOptions.of(Estimand.ATE, OutcomeType.BINARY).withBootstrap(200, 42);

		AipwResult first = estimator.estimate(sample, options);
		AipwResult second = estimator.estimate(sample, options);

		AipwResult.Bootstrap bootstrap = first.bootstrap().orElseThrow();
		assertThat(second.bootstrap()).contains(bootstrap);
		assertThat(bootstrap.standardError()).isCloseTo(first.standardError(), within(0.3 * first.standardError()));
		assertThat(bootstrap.percentileInterval().covers(first.estimate())).isTrue();
	}

	@Test
	void estimateWhenCrumpRuleThenTrimsOnlyExtremePropensities() {
		EffectSample sample = ConfoundedPortalData.binary(11, 3000, -0.04);

		AipwResult result = estimator.estimate(sample, AipwOptions.of(Estimand.ATE, OutcomeType.BINARY).withTrimming(Trimming.crumpRule()));

		assertThat(result.overlap().trimLower()).isBetween(0.01, 0.2);
		assertThat(result.overlap().trimUpper()).isEqualTo(1 - result.overlap().trimLower(), within(1e-12));
		assertThat(result.overlap().shareTrimmed()).isBetween(0.0, 0.5);
	}

	@Test
	void estimateWhenAnArmIsTooSmallThenRejected() {
		EffectSample sample = new EffectSample(ConfoundedPortalData.COVARIATES, new double[][] {{1, 0, 0, 0}, {2, 1, 0, 0}, {3, 0, 1, 0}},
				new boolean[] {true, false, false}, new double[] {0, 1, 0});

		assertThatThrownBy(() -> estimator.estimate(sample, AipwOptions.of(Estimand.ATE, OutcomeType.BINARY)))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 units");
	}

	private Replications replicate(Estimand estimand, OutcomeType type, double effect) {
		Replications r = new Replications(effect);
		for (int seed = 0; seed < REPLICATIONS; seed++) {
			EffectSample sample = ConfoundedPortalData.binary(1000 + seed, PATIENTS, effect);
			r.add(estimator.estimate(sample, AipwOptions.of(estimand, type)));
		}
		return r;
	}

	private static final class Replications {

		private final double truth;
		private int count;
		private int covered;
		private int naiveCovered;
		private double absoluteError;
		private double naiveAbsoluteError;

		Replications(double truth) {
			this.truth = truth;
		}

		void add(AipwResult result) {
			count++;
			covered += result.interval().covers(truth) ? 1 : 0;
			// the naive difference with the estimator's own interval width: would it have covered the truth?
			double halfWidth = (result.interval().upper() - result.interval().lower()) / 2;
			naiveCovered += Math.abs(result.naiveDifference() - truth) <= halfWidth ? 1 : 0;
			absoluteError += Math.abs(result.estimate() - truth);
			naiveAbsoluteError += Math.abs(result.naiveDifference() - truth);
		}

		double coverage() {
			return covered / (double) count;
		}

		double naiveCoverage() {
			return naiveCovered / (double) count;
		}

		double meanAbsoluteError() {
			return absoluteError / count;
		}

		double naiveMeanAbsoluteError() {
			return naiveAbsoluteError / count;
		}
	}
}
