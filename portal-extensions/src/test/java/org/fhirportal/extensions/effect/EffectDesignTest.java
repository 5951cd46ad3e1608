package org.fhirportal.extensions.effect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.fhirportal.extensions.analytics.CohortDimension;
import org.fhirportal.extensions.analytics.synthetic.PlantedEffects;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticPortalActivity;
import org.fhirportal.extensions.audit.AuditRecord;
import org.junit.jupiter.api.Test;

/**
 * The operation's data path without the database: the synthetic portal's ground truth put into
 * {@link PatientMonths} the way {@link EffectQuery} reads it, then {@link EffectDesign} and the estimators.
 */
class EffectDesignTest {

	private static final YearMonth FIRST = YearMonth.of(2022, 1);

	@Test
	void crossSectionWhenPlantedNoShowEffectThenAipwRecoversItAndNaiveDoesNot() {
		EffectRequest request = request(EffectRequest.Method.AIPW);
		PatientMonths data = monthsOf(SyntheticPortalActivity.generate(
				new SyntheticPortalActivity.Settings(5, "d", 3000, FIRST, 6, 1, 3, 2.0, PlantedEffects.of(-0.12))), request);

		EffectSample sample = EffectDesign.crossSection(data, request.outcome().measure().measure(data, request, request.panelEnd()), request);
		AipwResult result = new AipwEstimator().estimate(sample, AipwOptions.of(Estimand.ATT, OutcomeType.CONTINUOUS));

		System.out.printf("design ATT %.4f [%.4f, %.4f], naive %.4f, n=%d (%d exposed), max |SMD| after %.3f%n", result.estimate(),
				result.interval().lower(), result.interval().upper(), result.naiveDifference(), sample.size(), sample.treatedCount(),
				result.overlap().maxAbsoluteBalanceAfter());
		result.overlap().balance().forEach(b -> System.out.printf("  %s %.3f -> %.3f%n", b.covariate(), b.before(), b.after()));
		assertThat(sample.covariateNames()).contains("age", "female", "baseline-appointments", "baseline-no-shows");
		assertThat(result.interval().covers(-0.12)).isTrue();
		assertThat(result.naiveDifference()).isLessThan(result.interval().lower());
		assertThat(result.overlap().maxAbsoluteBalanceAfter()).isLessThan(0.1);
	}

	@Test
	void panelWhenStaggeredAdoptionThenPlaceboMonthsNearZero() {
		EffectRequest request = request(EffectRequest.Method.DID);
		PatientMonths data = monthsOf(SyntheticPortalActivity.generate(
				new SyntheticPortalActivity.Settings(6, "d", 3000, FIRST, 6, 1, 3, 2.0, PlantedEffects.of(-0.12))), request);

		EventStudy study = new StaggeredDid().estimate(EffectDesign.panel(data, request.outcome().measure().measure(data, request, request.panelEnd()), request), 0, 0);

		assertThat(study.adopters()).isGreaterThan(100);
		assertThat(study.excludedAlreadyAdopted()).isGreaterThan(100);
		assertThat(study.at(-2)).hasValueSatisfying(p -> assertThat(p.interval().covers(0)).isTrue());
		assertThat(study.overall().estimate()).isNegative();
	}

	@Test
	void crossSectionWhenPlantedClinicalEffectsThenAipwRecoversEachAndNaiveDoesNot() {
		SyntheticActivity activity = SyntheticPortalActivity.generate(
				new SyntheticPortalActivity.Settings(8, "d", 3000, FIRST, 6, 1, 3, 2.0, PlantedEffects.of(-0.04, 0.08, 0.15, -0.4)));
		// the portal goes live in April: users enrol in its first week, after the baseline months January to March
		for (var planted : List.of(java.util.Map.entry(EffectOutcome.REFILL_ADHERENCE, 0.08), java.util.Map.entry(EffectOutcome.LAB_FOLLOW_UP, 0.15),
				java.util.Map.entry(EffectOutcome.HBA1C_CHANGE, -0.4))) {
			EffectRequest request = request(planted.getKey(), EffectRequest.Method.AIPW);
			PatientMonths data = monthsOf(activity, request);
			EffectSample sample = EffectDesign.crossSection(data, planted.getKey().measure().measure(data, request, request.panelEnd()), request);

			AipwResult result = new AipwEstimator().estimate(sample, AipwOptions.of(Estimand.ATT, planted.getKey().type));

			System.out.printf("design %s ATT %.4f [%.4f, %.4f], naive %.4f, planted %.4f, n=%d (%d exposed), max |SMD| after %.3f%n",
					planted.getKey().code, result.estimate(), result.interval().lower(), result.interval().upper(), result.naiveDifference(),
					planted.getValue(), sample.size(), sample.treatedCount(), result.overlap().maxAbsoluteBalanceAfter());
			assertThat(sample.covariateNames()).contains("active-conditions");
			assertThat(result.interval().covers(planted.getValue())).as(planted.getKey().code).isTrue();
			assertThat(Math.abs(result.naiveDifference() - planted.getValue())).as(planted.getKey().code + " naive")
					.isGreaterThan(Math.abs(result.estimate() - planted.getValue()));
		}
	}

	@Test
	void panelWhenPlantedRefillEffectThenEventStudyPositiveAfterAdoption() {
		EffectRequest request = request(EffectOutcome.REFILL_ADHERENCE, EffectRequest.Method.DID);
		PatientMonths data = monthsOf(SyntheticPortalActivity.generate(
				new SyntheticPortalActivity.Settings(9, "d", 3000, FIRST, 6, 1, 3, 2.0, PlantedEffects.of(-0.04, 0.08, 0.15, -0.4))), request);

		EventStudy study = new StaggeredDid().estimate(EffectDesign.panel(data, request.outcome().measure().measure(data, request, request.panelEnd()), request), 0, 0);

		System.out.printf("design refill DiD overall %.4f [%.4f, %.4f]%n", study.overall().estimate(), study.overall().interval().lower(),
				study.overall().interval().upper());
		study.curve().forEach(p -> System.out.printf("  e=%d %.4f [%.4f, %.4f]%n", p.periodsSinceAdoption(), p.estimate(), p.interval().lower(), p.interval().upper()));
		assertThat(study.overall().interval().covers(0.08)).isTrue();
	}

	private static EffectRequest request(EffectRequest.Method method) {
		return request(EffectOutcome.NO_SHOW, method);
	}

	private static EffectRequest request(EffectOutcome outcome, EffectRequest.Method method) {
		return new EffectRequest(outcome, method, Estimand.ATT, YearMonth.of(2022, 4), YearMonth.of(2022, 6), 3, 0.5,
				CohortDimension.ALL, Optional.empty(), 0, 1, Trimming.bounds(0.01, 0.99));
	}

	/** What {@link EffectQuery} reads from the projections, computed from the generator's own lists. */
	static PatientMonths monthsOf(SyntheticActivity activity, EffectRequest request) {
		List<YearMonth> months = request.months();
		PatientMonths data = new PatientMonths(months.size());
		activity.patients().forEach(p -> data.addPatient(p.id(), p.birthDate(), p.gender(), p.organization()));
		for (AuditRecord r : activity.audit()) {
			if (r.kind().equals("security") && r.subtype().equals("sign_in") && r.outcome() == 0
					&& r.userType().filter("Patient"::equals).isPresent() && r.patientId().isPresent()) {
				int row = data.row(r.patientId().get());
				int month = months.indexOf(YearMonth.from(r.recorded().atOffset(ZoneOffset.UTC)));
				int[] first = data.firstSignInMonth.get(row);
				if (first[0] == PatientMonths.NONE) {
					first[0] = r.recorded().isBefore(request.panelStart()) ? PatientMonths.BEFORE : month;
				}
				if (month >= 0) {
					data.signIns.get(row)[month]++;
				}
			}
		}
		for (SyntheticActivity.Appointment a : activity.appointments()) {
			int month = months.indexOf(YearMonth.from(a.start().atOffset(ZoneOffset.UTC)));
			if (month >= 0 && a.start().isBefore(request.panelEnd())) {
				int row = data.row(a.patientId());
				data.due.get(row)[month]++;
				data.noShows.get(row)[month] += a.status().equals("noshow") ? 1 : 0;
			}
			if (!a.status().equals("noshow")) {
				data.addFact(a.patientId(), PatientMonths.APPOINTMENT, a.start(), null, Double.NaN, false);
			}
		}
		SyntheticActivity.Clinical clinical = activity.clinical();
		for (SyntheticActivity.Condition c : clinical.conditions()) {
			data.activeConditions.get(data.row(c.patientId()))[0]++;
			data.addFact(c.patientId(), EffectFacts.CONDITION, c.onset().atStartOfDay(ZoneOffset.UTC).toInstant(), null, Double.NaN, c.diabetes());
		}
		activity.patients().forEach(p -> data.addFact(p.id(), EffectFacts.MEDICATION_ORDER, null, null, Double.NaN, true));
		clinical.dispenses().forEach(d -> data.addFact(d.patientId(), EffectFacts.DISPENSE, d.handedOver(), null, d.daysSupply(), false));
		clinical.labValues().forEach(v -> data.addFact(v.patientId(), EffectFacts.LAB, v.effective(), v.loinc(), v.value(), v.interpretation().isPresent()));
		clinical.encounters().forEach(e -> data.addFact(e.patientId(), EffectFacts.ENCOUNTER, e.start(), null, Double.NaN, false));
		return data;
	}
}
