package org.fhirportal.extensions.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class EngagementPeriodTest {

	@Test
	void periodCountsWholeUtcDaysAndTheMonthsItTouches() {
		EngagementPeriod period = new EngagementPeriod(LocalDate.of(2025, 12, 20), LocalDate.of(2026, 2, 3));

		assertThat(period.from()).isEqualTo(Instant.parse("2025-12-20T00:00:00Z"));
		assertThat(period.until()).isEqualTo(Instant.parse("2026-02-04T00:00:00Z"));
		assertThat(period.months()).containsExactly(YearMonth.of(2025, 12), YearMonth.of(2026, 1), YearMonth.of(2026, 2));
	}

	@Test
	void endBeforeStartIsABadRequest() {
		assertThatThrownBy(() -> new EngagementPeriod(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 1, 31)))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("before start");
	}

	@Test
	void periodLongerThanThreeYearsIsABadRequest() {
		assertThatThrownBy(() -> new EngagementPeriod(LocalDate.of(2020, 1, 1), LocalDate.of(2024, 1, 1)))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most");
	}

	@Test
	void unknownCohortDimensionNamesTheAcceptedOnes() {
		assertThatThrownBy(() -> CohortDimension.fromCode("postcode"))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("age-band, gender, organization, practitioner");
	}
}
