package org.fhirportal.extensions.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StaggeredDidTest {

	private static final int REPLICATIONS = 200;
	private static final int UNITS = 800;
	private static final int MONTHS = 12;

	private final StaggeredDid did = new StaggeredDid();

	@Test
	void eventStudyWhenEffectPlantedThenIntervalsCoverItAndNaiveDifferenceIsFarOff() {
		int coveredOverall = 0;
		int coveredFirstMonth = 0;
		int coveredPlacebo = 0;
		double error = 0;
		double naiveError = 0;
		for (int seed = 0; seed < REPLICATIONS; seed++) {
			EventStudy study = did.estimate(staggered(seed, UNITS, -0.3), 0, 0);
			coveredOverall += study.overall().interval().covers(-0.3) ? 1 : 0;
			coveredFirstMonth += study.at(0).orElseThrow().interval().covers(-0.3) ? 1 : 0;
			coveredPlacebo += study.at(-3).orElseThrow().interval().covers(0) ? 1 : 0;
			error += Math.abs(study.overall().estimate() + 0.3);
			naiveError += Math.abs(study.naiveDifference() + 0.3);
		}

		System.out.printf("DiD effect -0.3: coverage overall %.3f, month 0 %.3f, placebo month -3 %.3f; mean |error| %.4f, naive %.4f%n",
				coveredOverall / (double) REPLICATIONS, coveredFirstMonth / (double) REPLICATIONS, coveredPlacebo / (double) REPLICATIONS,
				error / REPLICATIONS, naiveError / REPLICATIONS);
		assertThat(coveredOverall / (double) REPLICATIONS).isBetween(0.90, 0.98);
		assertThat(coveredFirstMonth / (double) REPLICATIONS).isBetween(0.90, 0.98);
		assertThat(coveredPlacebo / (double) REPLICATIONS).isBetween(0.90, 0.98);
		assertThat(naiveError).isGreaterThan(3 * error);
	}

	@Test
	void eventStudyWhenNoEffectThenIntervalCoversZeroAt95Percent() {
		int covered = 0;
		for (int seed = 0; seed < REPLICATIONS; seed++) {
			covered += did.estimate(staggered(5000 + seed, UNITS, 0), 0, 0).overall().interval().covers(0) ? 1 : 0;
		}

		System.out.printf("DiD no effect: coverage of 0 %.3f%n", covered / (double) REPLICATIONS);
		assertThat(covered / (double) REPLICATIONS).isBetween(0.90, 0.98);
	}

	@Test
	void eventStudyWhenDynamicEffectThenCurveFollowsIt() {
		EventStudy study = did.estimate(staggered(1, 20000, 0, 0.1), 0, 0);

		// effect 0.1 per month since adoption: 0 in month 0, 0.3 in month 3; flat before adoption
		assertThat(study.at(0).orElseThrow().estimate()).isCloseTo(0, within(0.05));
		assertThat(study.at(3).orElseThrow().estimate()).isCloseTo(0.3, within(0.05));
		assertThat(study.at(-4).orElseThrow().estimate()).isCloseTo(0, within(0.05));
		assertThat(study.at(-1)).isEmpty();
		assertThat(study.groupTimes()).allSatisfy(gt -> assertThat(gt.controlCount()).isPositive());
	}

	@Test
	void eventStudyWhenMultiplierBootstrapThenSeededAndCloseToTheInfluenceFunction() {
		AdoptionPanel panel = staggered(9, 1000, -0.3);

		EventStudy analytic = did.estimate(panel, 0, 0);
		EventStudy first = did.estimate(panel, 499, 17);
		EventStudy second = did.estimate(panel, 499, 17);

		assertThat(first.inference()).isEqualTo("multiplier bootstrap");
		assertThat(first.curve()).isEqualTo(second.curve());
		assertThat(first.overall().estimate()).isEqualTo(analytic.overall().estimate());
		assertThat(first.overall().standardError()).isCloseTo(analytic.overall().standardError(), within(0.2 * analytic.overall().standardError()));
	}

	@Test
	void eventStudyCountsAdoptersAndLeavesOutThoseAdoptedBeforeThePanel() {
		double[][] y = new double[4][3];
		AdoptionPanel panel = new AdoptionPanel(y, new int[] {0, 1, AdoptionPanel.NEVER, 2});

		EventStudy study = did.estimate(panel, 0, 0);

		assertThat(study.excludedAlreadyAdopted()).isEqualTo(1);
		assertThat(study.adopters()).isEqualTo(2);
		assertThat(study.neverAdopters()).isEqualTo(1);
	}

	@Test
	void panelWhenUnbalancedThenRejected() {
		assertThatThrownBy(() -> new AdoptionPanel(new double[][] {{1, 2}, {1}}, new int[] {1, AdoptionPanel.NEVER}))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("balanced");
	}

	static AdoptionPanel staggered(long seed, int units, double effect) {
		return staggered(seed, units, effect, 0);
	}

	/**
	 * Monthly outcomes {@code Y = 0.8 α + λ_t + effect·1{t ≥ G} + slope·(t - G)₊ + ε}: patients with a high α (already
	 * more engaged) adopt earlier and more often, so levels differ between cohorts but trends are parallel.
	 */
	static AdoptionPanel staggered(long seed, int units, double effect, double slope) {
		SplittableRandom random = new SplittableRandom(seed);
		double[][] y = new double[units][MONTHS];
		int[] adoption = new int[units];
		for (int i = 0; i < units; i++) {
			double alpha = ConfoundedPortalData.gaussian(random);
			double adopt = LogisticRegression.expit(0.2 + 1.2 * alpha);
			adoption[i] = random.nextDouble() < adopt ? 3 + (int) Math.min(6, Math.max(0, 3 - 1.5 * alpha + 2 * ConfoundedPortalData.gaussian(random)))
					: AdoptionPanel.NEVER;
			for (int t = 0; t < MONTHS; t++) {
				double season = 0.2 * Math.sin(t / 2.0);
				boolean post = adoption[i] != AdoptionPanel.NEVER && t >= adoption[i];
				y[i][t] = 0.8 * alpha + season + (post ? effect + slope * (t - adoption[i]) : 0) + ConfoundedPortalData.gaussian(random);
			}
		}
		return new AdoptionPanel(y, adoption);
	}
}
