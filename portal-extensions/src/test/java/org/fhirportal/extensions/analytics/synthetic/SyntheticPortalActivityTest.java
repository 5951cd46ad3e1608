package org.fhirportal.extensions.analytics.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class SyntheticPortalActivityTest {

	private static final SyntheticPortalActivity.Settings SETTINGS = SyntheticPortalActivity.Settings.small(7, "t", 60, YearMonth.of(2025, 3));

	@Test
	void sameSeedGivesTheSameActivity() {
		assertThat(SyntheticPortalActivity.generate(SETTINGS)).isEqualTo(SyntheticPortalActivity.generate(SETTINGS));
	}

	@Test
	void otherSeedGivesOtherActivity() {
		SyntheticPortalActivity.Settings other = SyntheticPortalActivity.Settings.small(8, "t", 60, YearMonth.of(2025, 3));
		assertThat(SyntheticPortalActivity.generate(other).audit()).isNotEqualTo(SyntheticPortalActivity.generate(SETTINGS).audit());
	}

	@Test
	void activityHasEveryKindOfEventInTimeOrder() {
		SyntheticActivity activity = SyntheticPortalActivity.generate(SETTINGS);

		assertThat(activity.patients()).hasSize(60);
		assertThat(activity.labs()).isNotEmpty();
		assertThat(activity.messages()).anyMatch(m -> m.inResponseTo().isPresent());
		assertThat(activity.appointments()).anyMatch(SyntheticActivity.Appointment::selfScheduled);
		assertThat(activity.refills()).isNotEmpty();
		assertThat(activity.audit()).anyMatch(r -> r.subtype().equals("sign_in") && r.outcome() != 0);
		assertThat(activity.audit()).extracting(r -> r.recorded()).isSorted();
	}

	@Test
	void idsCarryThePrefix() {
		SyntheticActivity activity = SyntheticPortalActivity.generate(SETTINGS);

		assertThat(activity.patients()).allMatch(p -> p.id().startsWith("t-"));
		assertThat(activity.labs()).allMatch(l -> l.ref().startsWith("DiagnosticReport/t-"));
	}
}
