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

	@Test
	void plantedEffectsWhenNoneThenEveryAppointmentStaysBooked() {
		assertThat(SyntheticPortalActivity.generate(SETTINGS).appointments()).allMatch(a -> a.status().equals("booked"));
	}

	@Test
	void plantedEffectsWhenNoShowEffectThenDueAppointmentsHaveOutcomesAndUsersLookBetterThanTheEffect() {
		YearMonth first = YearMonth.of(2022, 1);
		SyntheticActivity activity = SyntheticPortalActivity.generate(new SyntheticPortalActivity.Settings(3, "e", 3000, first, 8, 1, 3, 2.0,
				PlantedEffects.of(-0.06)));
		java.time.Instant secondHalf = first.plusMonths(4).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
		java.util.Map<String, Long> signIns = activity.audit().stream()
				.filter(r -> r.subtype().equals("sign_in") && r.outcome() == 0 && r.userType().filter("Patient"::equals).isPresent()
						&& !r.recorded().isBefore(secondHalf))
				.collect(java.util.stream.Collectors.groupingBy(r -> r.patientId().orElseThrow(), java.util.stream.Collectors.counting()));
		long[] due = new long[2];
		long[] missed = new long[2];
		for (SyntheticActivity.Appointment a : activity.appointments()) {
			if (!a.start().isBefore(secondHalf) && !a.status().equals("booked")) {
				int active = signIns.getOrDefault(a.patientId(), 0L) >= 4 ? 1 : 0;
				due[active]++;
				missed[active] += a.status().equals("noshow") ? 1 : 0;
			}
		}

		double naive = missed[1] / (double) due[1] - missed[0] / (double) due[0];
		// older patients are less often users and miss more: the naive difference overstates the planted -0.06
		assertThat(due[0]).isGreaterThan(1000);
		assertThat(due[1]).isGreaterThan(1000);
		assertThat(naive).isLessThan(-0.06 - 0.03);
	}
}
