package org.fhirportal.extensions.effect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.Optional;
import org.fhirportal.extensions.analytics.CohortDimension;
import org.fhirportal.extensions.analytics.synthetic.PlantedEffects;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticPortalActivity;
import org.junit.jupiter.api.Test;

/**
 * The whole cross-sectional pipeline (the synthetic portal's records, {@link PatientMonths}, {@link EffectDesign},
 * {@link AipwEstimator}) on the demo's design, replicated over seeds: six months, the portal going live in the fourth
 * (DemoEngagement's launch month), users enrolling in its first week, and the analysts' dashboard's default question
 * (the last three months as the period, the three before as baseline, at least one sign-in a month). The estimator
 * tests check the estimator on clean draws; this one checks that the demo's records, read as the server reads them,
 * let it earn the planted effect, so that the demo's dashboard can show it.
 */
class DemoDesignCoverageTest {

	private static final int REPLICATIONS = 30;
	private static final int PATIENTS = 1000;
	private static final double PLANTED = -0.12;
	private static final YearMonth FIRST = YearMonth.of(2026, 6);

	@Test
	void aipwWhenThePortalGoesLiveAfterTheBaselineThenIntervalsCoverThePlantedNoShowEffectAndTheNaiveDifferenceMisses() {
		int covered = 0;
		double error = 0;
		double naiveError = 0;
		double estimates = 0;
		for (int seed = 1; seed <= REPLICATIONS; seed++) {
			AipwResult result = dashboardDefault(seed);
			covered += result.interval().lower() <= PLANTED && PLANTED <= result.interval().upper() ? 1 : 0;
			estimates += result.estimate();
			error += Math.abs(result.estimate() - PLANTED);
			naiveError += Math.abs(result.naiveDifference() - PLANTED);
		}
		double coverage = covered / (double) REPLICATIONS;
		System.out.printf("demo design, %d patients, planted %.2f: mean estimate %.4f, coverage %.3f, mean |error| %.4f, naive mean |error| %.4f%n",
				PATIENTS, PLANTED, estimates / REPLICATIONS, coverage, error / REPLICATIONS, naiveError / REPLICATIONS);
		assertThat(coverage).as("share of 95%% intervals covering the planted effect").isGreaterThanOrEqualTo(0.85);
		assertThat(estimates / REPLICATIONS).as("mean estimate").isBetween(PLANTED - 0.03, PLANTED + 0.03);
		assertThat(naiveError).as("the naive difference misses by far more").isGreaterThan(2 * error);
	}

	private static AipwResult dashboardDefault(long seed) {
		SyntheticActivity activity = SyntheticPortalActivity.generate(new SyntheticPortalActivity.Settings(seed, "d", PATIENTS, FIRST, 6, 2, 3, 3.5,
				PlantedEffects.of(PLANTED, 0.05, 0.08, -0.2).withLaunchMonth(3)));
		EffectRequest request = new EffectRequest(EffectOutcome.NO_SHOW, EffectRequest.Method.AIPW, Estimand.ATT, FIRST.plusMonths(3),
				FIRST.plusMonths(5), 3, 1.0, CohortDimension.ALL, Optional.empty(), 0, 1, Trimming.bounds(0.01, 0.99));
		PatientMonths months = EffectDesignTest.monthsOf(activity, request);
		MeasuredOutcome outcome = EffectOutcome.NO_SHOW.measure().measure(months, request, request.panelEnd());
		return new AipwEstimator().estimate(EffectDesign.crossSection(months, outcome, request), AipwOptions.of(Estimand.ATT, OutcomeType.CONTINUOUS));
	}
}
