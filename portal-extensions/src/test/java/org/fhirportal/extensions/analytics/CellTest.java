package org.fhirportal.extensions.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CellTest {

	@Test
	void countOfTenPatientsIsSuppressedAndOfElevenShown() {
		assertThat(Cell.count(Measure.ACTIVE_PATIENTS, 10, 10).suppressed()).isTrue();
		assertThat(Cell.count(Measure.ACTIVE_PATIENTS, 11, 11).value()).contains(new BigDecimal("11"));
	}

	@Test
	void largeCountDerivedFromFewPatientsIsSuppressed() {
		assertThat(Cell.count(Measure.SIGN_INS, 500, 3).suppressed()).isTrue();
	}

	@Test
	void ratioIsRoundedToThreePlaces() {
		assertThat(Cell.ratio(Measure.ADOPTION, 2, 3, 20).value()).contains(new BigDecimal("0.667"));
	}

	@Test
	void ratioOverZeroIsSuppressedNotAnError() {
		assertThat(Cell.ratio(Measure.SIGN_INS_PER_ACTIVE_PATIENT_MONTH, 0, 0, 50).suppressed()).isTrue();
	}

	@Test
	void hoursAreSecondsOverThirtySixHundredWithTwoPlaces() {
		assertThat(Cell.hours(Measure.LAB_TIME_TO_VIEW_MEDIAN, Optional.of(5400.0), 30).value()).contains(new BigDecimal("1.50"));
		assertThat(Cell.hours(Measure.LAB_TIME_TO_VIEW_P90, Optional.of(100.0), 30).value()).contains(new BigDecimal("0.03"));
	}

	@Test
	void missingDurationIsSuppressed() {
		assertThat(Cell.hours(Measure.REPLY_TIME_MEDIAN, Optional.empty(), 30).suppressed()).isTrue();
	}
}
