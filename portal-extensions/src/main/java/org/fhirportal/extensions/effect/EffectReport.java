package org.fhirportal.extensions.effect;

import java.util.List;
import org.fhirportal.extensions.analytics.Cell;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;

/**
 * Puts an estimator's result into {@link EffectParameters}, suppressing what small arms would reveal: with fewer
 * than {@link Cell#MIN_PATIENTS} patients in either arm the AIPW estimate and its diagnostics are all masked; an
 * event-study point is masked when fewer than that many adopters or controls contribute to it.
 */
final class EffectReport {

	static final List<String> AIPW_ASSUMPTIONS = List.of(
			"No unmeasured confounding: given age, gender, managing organization, the number of active conditions, the baseline"
					+ " appointments and the outcome's own baseline values, whether a patient was an active portal user is unrelated"
					+ " to the outcome they would have had either way.",
			"Overlap: every kind of patient had some chance both of being an active user and of not being one; patients whose"
					+ " estimated chance lies outside the trimming bounds are left out, and the estimate is about the rest.",
			"No interference: one patient's portal use does not change another patient's outcome.",
			"Consistency: 'active user' (the sign-ins-per-month threshold) is one well-defined exposure.",
			"Reading: the estimate is the difference in the outcome that portal use would make under these assumptions,"
					+ " not a proof of cause; the E-value says how strong an unmeasured confounder would have to be to explain it away.");

	static final List<String> DID_ASSUMPTIONS = List.of(
			"Parallel trends: without the portal, adopters' outcomes would have changed like those of patients who had not"
					+ " yet adopted; the placebo estimates for the months before adoption should be near 0 if this holds.",
			"No anticipation: patients did not change their behaviour before their adoption month.",
			"No interference: one patient's portal use does not change another patient's outcome.",
			"Patients who used the portal before the baseline months adopted before the panel and are left out.");

	private EffectReport() {
	}

	static Parameters aipw(EffectRequest request, EffectSample sample, AipwResult result) {
		EffectParameters out = new EffectParameters(request, request.outcome().aipwMeaning);
		int exposed = sample.treatedCount();
		int unexposed = sample.size() - exposed;
		boolean shown = result != null;
		out.add("estimand").setValue(new org.hl7.fhir.r4.model.CodeType(request.estimand().name().toLowerCase(java.util.Locale.ROOT)));
		out.decimal("estimate", shown ? result.estimate() : Double.NaN, shown);
		out.decimal("standard-error", shown ? result.standardError() : Double.NaN, shown);
		out.decimal("ci-lower", shown ? result.interval().lower() : Double.NaN, shown);
		out.decimal("ci-upper", shown ? result.interval().upper() : Double.NaN, shown);
		out.decimal("naive-difference", shown ? result.naiveDifference() : Double.NaN, shown);
		out.decimal("exposed-mean", shown ? result.treatedMean() : Double.NaN, shown);
		out.decimal("unexposed-mean", shown ? result.controlMean() : Double.NaN, shown);
		out.decimal("e-value", shown ? result.eValue() : Double.NaN, shown);
		out.decimal("e-value-ci", shown ? result.eValueInterval() : Double.NaN, shown);
		result.bootstrap().ifPresent(b -> {
			ParametersParameterComponent part = out.add("bootstrap");
			part.addPart().setName("replicates").setValue(new org.hl7.fhir.r4.model.IntegerType(b.replicates()));
			out.decimal(part, "standard-error", b.standardError(), true);
			out.decimal(part, "ci-lower", b.percentileInterval().lower(), true);
			out.decimal(part, "ci-upper", b.percentileInterval().upper(), true);
		});
		out.count(null, "exposed-patients", exposed);
		out.count(null, "unexposed-patients", unexposed);
		if (shown) {
			diagnostics(out, result.overlap());
		}
		out.assumptions(AIPW_ASSUMPTIONS);
		return out.parameters();
	}

	/** The answer when an arm is too small to show anything. */
	static Parameters aipwSuppressed(EffectRequest request, EffectSample sample) {
		EffectParameters out = new EffectParameters(request, request.outcome().aipwMeaning);
		for (String name : List.of("estimate", "standard-error", "ci-lower", "ci-upper", "naive-difference")) {
			out.decimal(name, Double.NaN, false);
		}
		out.count(null, "exposed-patients", sample.treatedCount());
		out.count(null, "unexposed-patients", sample.size() - sample.treatedCount());
		out.assumptions(AIPW_ASSUMPTIONS);
		return out.parameters();
	}

	private static void diagnostics(EffectParameters out, Overlap overlap) {
		ParametersParameterComponent diagnostics = out.add("diagnostics");
		out.decimal(diagnostics, "propensity-exposed-min", overlap.treatedPropensity().min(), true);
		out.decimal(diagnostics, "propensity-exposed-max", overlap.treatedPropensity().max(), true);
		out.decimal(diagnostics, "propensity-unexposed-min", overlap.controlPropensity().min(), true);
		out.decimal(diagnostics, "propensity-unexposed-max", overlap.controlPropensity().max(), true);
		out.decimal(diagnostics, "trim-lower", overlap.trimLower(), true);
		out.decimal(diagnostics, "trim-upper", overlap.trimUpper(), true);
		int trimmed = overlap.trimmedTreated() + overlap.trimmedControl();
		out.decimal(diagnostics, "share-trimmed", overlap.shareTrimmed(), trimmed == 0 || trimmed >= Cell.MIN_PATIENTS);
		out.decimal(diagnostics, "max-abs-smd-after", overlap.maxAbsoluteBalanceAfter(), true);
		for (Overlap.Balance balance : overlap.balance()) {
			ParametersParameterComponent part = diagnostics.addPart().setName("balance");
			part.addPart().setName("covariate").setValue(new org.hl7.fhir.r4.model.StringType(balance.covariate()));
			out.decimal(part, "smd-before", balance.before(), true);
			out.decimal(part, "smd-after", balance.after(), true);
		}
	}

	static Parameters did(EffectRequest request, EventStudy study) {
		EffectParameters out = new EffectParameters(request, request.outcome().didMeaning);
		out.count(null, "adopters", study.adopters());
		out.count(null, "never-adopters", study.neverAdopters());
		out.count(null, "adopted-before-panel", study.excludedAlreadyAdopted());
		out.string("inference", study.inference());
		boolean naiveShown = study.adopters() >= Cell.MIN_PATIENTS && study.neverAdopters() >= Cell.MIN_PATIENTS;
		out.decimal("naive-difference", study.naiveDifference(), naiveShown);
		if (study.overall() != null) {
			point(out, out.add("overall"), study.overall(), minControls(study, 0, Integer.MAX_VALUE));
		}
		for (EventStudy.EventTime point : study.curve()) {
			ParametersParameterComponent part = out.add("event-time");
			part.addPart().setName("months-since-adoption").setValue(new org.hl7.fhir.r4.model.IntegerType(point.periodsSinceAdoption()));
			int e = point.periodsSinceAdoption();
			point(out, part, point, minControls(study, e, e));
		}
		out.assumptions(DID_ASSUMPTIONS);
		return out.parameters();
	}

	private static void point(EffectParameters out, ParametersParameterComponent part, EventStudy.EventTime point, int controls) {
		boolean shown = point.adopters() >= Cell.MIN_PATIENTS && controls >= Cell.MIN_PATIENTS;
		out.decimal(part, "estimate", point.estimate(), shown);
		out.decimal(part, "standard-error", point.standardError(), shown);
		out.decimal(part, "ci-lower", point.interval().lower(), shown);
		out.decimal(part, "ci-upper", point.interval().upper(), shown);
		out.count(part, "adopters", point.adopters());
	}

	/** The fewest controls of any group-time effect behind the event times from {@code from} to {@code to}. */
	private static int minControls(EventStudy study, int from, int to) {
		return study.groupTimes().stream().filter(gt -> gt.period() - gt.group() >= from && gt.period() - gt.group() <= to)
				.mapToInt(EventStudy.GroupTime::controlCount).min().orElse(0);
	}
}
