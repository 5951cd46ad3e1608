package org.fhirportal.extensions.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentilesTest {

	@Test
	void medianOfOddSampleIsTheMiddleValueWhateverTheOrder() {
		assertThat(Percentiles.of(new double[] {9, 1, 5}).median()).contains(5.0);
	}

	@Test
	void medianOfEvenSampleIsTheMeanOfTheTwoMiddleValues() {
		assertThat(Percentiles.of(new double[] {4, 1, 3, 2}).median()).contains(2.5);
	}

	@Test
	void p90InterpolatesBetweenClosestRanks() {
		// 11 values 0..100 step 10: rank (11-1)*0.9 = 9 exactly -> 90; 10 values 1..10: rank 8.1 -> 9.1
		assertThat(Percentiles.of(new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}).at(0.9)).contains(90.0);
		assertThat(Percentiles.of(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}).at(0.9).orElseThrow()).isCloseTo(9.1, within(1e-9));
	}

	@Test
	void extremesAreMinimumAndMaximum() {
		Percentiles p = Percentiles.of(new double[] {7, 3, 11});
		assertThat(p.at(0)).contains(3.0);
		assertThat(p.at(1)).contains(11.0);
	}

	@Test
	void singleValueIsEveryPercentile() {
		assertThat(Percentiles.of(new double[] {42}).at(0.9)).contains(42.0);
	}

	@Test
	void emptySampleHasNoPercentile() {
		assertThat(Percentiles.of(new double[0]).median()).isEmpty();
	}

	@Test
	void fractionOutsideZeroToOneIsRefused() {
		assertThatThrownBy(() -> Percentiles.of(new double[] {1}).at(1.5)).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("between 0 and 1");
	}

	@Test
	void inputArrayIsNotReordered() {
		double[] values = {3, 1, 2};
		Percentiles.of(values);
		assertThat(values).containsExactly(3, 1, 2);
	}
}
