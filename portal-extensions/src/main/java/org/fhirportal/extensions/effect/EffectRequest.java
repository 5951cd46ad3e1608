package org.fhirportal.extensions.effect;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.extensions.analytics.CohortDimension;

/**
 * What {@code $engagement-effect} is asked: the outcome, the method, the outcome period in whole calendar months,
 * the baseline months before it (covariates, and the DiD's pre-adoption months), the exposure definition and an
 * optional cohort restriction.
 *
 * @param signInsPerMonth a patient is exposed (an active portal user) with at least this many sign-ins per month on
 *     average over the period (AIPW); a patient adopts in the first month with at least this many (DiD)
 * @param cohort when present, only patients of this cohort of {@code cohortBy} are analysed
 * @param trimming the AIPW's propensity trimming: [0.01, 0.99] ({@code trimming=fixed}) or Crump et al.'s rule
 *     ({@code trimming=crump})
 */
record EffectRequest(EffectOutcome outcome, Method method, Estimand estimand, YearMonth firstMonth, YearMonth lastMonth,
		int baselineMonths, double signInsPerMonth, CohortDimension cohortBy, Optional<String> cohort, int bootstrap, long seed,
		Trimming trimming) {

	static final int MAX_MONTHS = 36;
	static final int MAX_BOOTSTRAP = 2000;

	enum Method {
		AIPW("aipw"), DID("did");

		final String code;

		Method(String code) {
			this.code = code;
		}

		static Method fromCode(String code) {
			for (Method m : values()) {
				if (m.code.equals(code)) {
					return m;
				}
			}
			throw new InvalidRequestException("unknown method '" + code + "'; expected aipw or did");
		}
	}

	static Trimming trimming(String code) {
		return switch (code) {
			case "fixed" -> Trimming.bounds(0.01, 0.99);
			case "crump" -> Trimming.crumpRule();
			default -> throw new InvalidRequestException("unknown trimming '" + code + "'; expected fixed or crump");
		};
	}

	EffectRequest {
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(estimand, "estimand");
		Objects.requireNonNull(cohortBy, "cohortBy");
		Objects.requireNonNull(cohort, "cohort");
		Objects.requireNonNull(trimming, "trimming");
		Objects.requireNonNull(firstMonth, "firstMonth");
		Objects.requireNonNull(lastMonth, "lastMonth");
		if (lastMonth.isBefore(firstMonth)) {
			throw new InvalidRequestException("end (" + lastMonth + ") is before start (" + firstMonth + ")");
		}
		if (java.time.temporal.ChronoUnit.MONTHS.between(firstMonth, lastMonth) + 1 + baselineMonths > MAX_MONTHS) {
			throw new InvalidRequestException("baseline and period together may span at most " + MAX_MONTHS + " months");
		}
		if (baselineMonths < 1 || baselineMonths > 24) {
			throw new InvalidRequestException("baseline-months must be between 1 and 24, got " + baselineMonths);
		}
		if (!(signInsPerMonth > 0) || signInsPerMonth > 100) {
			throw new InvalidRequestException("exposure-sign-ins must be above 0 and at most 100, got " + signInsPerMonth);
		}
		if (bootstrap < 0 || bootstrap > MAX_BOOTSTRAP) {
			throw new InvalidRequestException("bootstrap must be between 0 and " + MAX_BOOTSTRAP + ", got " + bootstrap);
		}
		if (method == Method.DID && outcome.didMeaning == null) {
			throw new InvalidRequestException("method did does not apply to outcome " + outcome.code + ": it is not measured in every"
					+ " patient-month, so there is no monthly panel; use method aipw");
		}
		if (cohort.isPresent() && cohortBy == CohortDimension.ALL) {
			throw new InvalidRequestException("cohort needs cohort-by (age-band, gender, organization or practitioner)");
		}
	}

	/** Baseline months, then the period's months. */
	List<YearMonth> months() {
		List<YearMonth> months = new ArrayList<>();
		for (YearMonth m = firstMonth.minusMonths(baselineMonths); !m.isAfter(lastMonth); m = m.plusMonths(1)) {
			months.add(m);
		}
		return months;
	}

	int periodMonths() {
		return months().size() - baselineMonths;
	}

	Instant panelStart() {
		return firstMonth.minusMonths(baselineMonths).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	Instant periodStart() {
		return firstMonth.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	Instant panelEnd() {
		return lastMonth.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}
}
