package org.fhirportal.extensions.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegressionsTest {

	@Test
	void logisticWhenLargeSampleThenRecoversTheTrueProbabilities() {
		SplittableRandom random = new SplittableRandom(1);
		int n = 20000;
		double[][] x = new double[n][];
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = new double[] {random.nextDouble() * 4 - 2, random.nextInt(2)};
			y[i] = random.nextDouble() < LogisticRegression.expit(-0.5 + 1.2 * x[i][0] - 0.7 * x[i][1]) ? 1 : 0;
		}

		LogisticRegression model = LogisticRegression.fit(x, y, Regressions.DEFAULT_RIDGE);

		assertThat(model.predict(new double[] {0, 0})).isCloseTo(LogisticRegression.expit(-0.5), within(0.02));
		assertThat(model.predict(new double[] {1.5, 1})).isCloseTo(LogisticRegression.expit(-0.5 + 1.8 - 0.7), within(0.02));
	}

	@Test
	void logisticWhenStartedFromAFitOnMoreDataThenSameOptimum() {
		SplittableRandom random = new SplittableRandom(2);
		int n = 5000;
		double[][] x = new double[n][];
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = new double[] {random.nextDouble() * 80 + 10, random.nextInt(2), random.nextInt(4)};
			y[i] = random.nextDouble() < LogisticRegression.expit(2 - 0.05 * x[i][0] + 0.4 * x[i][1] - 0.3 * x[i][2]) ? 1 : 0;
		}
		double[][] subset = java.util.Arrays.copyOf(x, n - 700);
		double[] subsetY = java.util.Arrays.copyOf(y, n - 700);

		LogisticRegression whole = LogisticRegression.fit(x, y, Regressions.DEFAULT_RIDGE);
		LogisticRegression cold = LogisticRegression.fit(subset, subsetY, Regressions.DEFAULT_RIDGE);
		LogisticRegression warm = LogisticRegression.fit(subset, subsetY, Regressions.DEFAULT_RIDGE, whole);

		assertThat(warm.standardizedCoefficients()).containsExactly(cold.standardizedCoefficients(), within(1e-7));
		assertThat(warm.predict(new double[] {30, 1, 2})).isCloseTo(cold.predict(new double[] {30, 1, 2}), within(1e-9));
	}

	@Test
	void logisticWhenPerfectlySeparatedThenRidgeKeepsItFinite() {
		double[][] x = {{-2}, {-1}, {1}, {2}};
		double[] y = {0, 0, 1, 1};

		LogisticRegression model = LogisticRegression.fit(x, y, Regressions.DEFAULT_RIDGE);

		assertThat(java.util.Arrays.stream(model.standardizedCoefficients()).allMatch(Double::isFinite)).isTrue();
		assertThat(model.predict(new double[] {2})).isGreaterThan(0.99);
		assertThat(model.predict(new double[] {-2})).isLessThan(0.01);
	}

	@Test
	void logisticWhenOutcomeNotBinaryThenRejected() {
		assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {2}}, new double[] {0, 2}, 0))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or 1");
	}

	@Test
	void linearWhenExactLineThenPredictsIt() {
		double[][] x = {{0, 1}, {1, 0}, {2, 1}, {3, 0}, {4, 1}};
		double[] y = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			y[i] = 3 + 2 * x[i][0] - x[i][1];
		}

		LinearRegression model = LinearRegression.fit(x, y, 1e-9);

		assertThat(model.predict(new double[] {10, 1})).isCloseTo(22, within(1e-6));
	}

	@Test
	void linearWhenCovariateConstantThenStillSolves() {
		LinearRegression model = LinearRegression.fit(new double[][] {{1, 5}, {2, 5}, {3, 5}}, new double[] {2, 4, 6}, Regressions.DEFAULT_RIDGE);

		assertThat(model.predict(new double[] {4, 5})).isCloseTo(8, within(0.01));
	}

	@Test
	void eValueMatchesVanderWeeleAndDingExample() {
		// Their worked example: RR 3.9 -> E-value 7.26; lower limit 1.8 -> 3.0
		assertThat(EValue.forRiskRatio(3.9)).isCloseTo(7.26, within(0.01));
		assertThat(EValue.forRiskRatio(1 / 3.9)).isCloseTo(7.26, within(0.01));
		assertThat(EValue.forRiskRatioInterval(1.8, 8.4)).isCloseTo(3.0, within(0.01));
		assertThat(EValue.forRiskRatioInterval(0.8, 1.2)).isEqualTo(1.0);
	}
}
