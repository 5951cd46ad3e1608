package org.fhirportal.extensions.effect;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.extensions.analytics.Cell;
import org.fhirportal.extensions.analytics.CohortDimension;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/**
 * The system-level operation {@code $engagement-effect}: how much active portal use changes an outcome, estimated
 * by AIPW ({@link AipwEstimator}) or by staggered-adoption difference-in-differences ({@link StaggeredDid}) from
 * the server's own data, returned as Parameters (or CSV with {@code _format=text/csv}) holding aggregates only,
 * with arms and points of fewer than {@link Cell#MIN_PATIENTS} patients masked. Analysts only
 * ({@link EffectOperationRules}, the rule of {@code $engagement}).
 *
 * <p>Parameters: {@code outcome} (no-show, refill-adherence, lab-follow-up, hba1c-change), {@code method} (aipw, did), {@code estimand} (att, ate), {@code start}
 * and {@code end} (whole months; default the six months before the current one), {@code baseline-months}
 * (default 6), {@code exposure-sign-ins} (sign-ins per month, default 1), {@code cohort-by} and {@code cohort}
 * (restrict to one cohort), {@code trimming} (fixed, crump), {@code bootstrap} and {@code seed}.
 */
public class EngagementEffectOperationProvider {

	static final int DEFAULT_MONTHS = 6;

	private final EffectQuery query;
	private final Clock clock;

	EngagementEffectOperationProvider(EffectQuery query, Clock clock) {
		this.query = Objects.requireNonNull(query, "query");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Operation(name = "$engagement-effect", idempotent = true)
	public IBaseResource engagementEffect(
			@OperationParam(name = "outcome", min = 0, max = 1) CodeType outcome,
			@OperationParam(name = "method", min = 0, max = 1) CodeType method,
			@OperationParam(name = "estimand", min = 0, max = 1) CodeType estimand,
			@OperationParam(name = "start", min = 0, max = 1) DateType start,
			@OperationParam(name = "end", min = 0, max = 1) DateType end,
			@OperationParam(name = "baseline-months", min = 0, max = 1) IntegerType baselineMonths,
			@OperationParam(name = "exposure-sign-ins", min = 0, max = 1) DecimalType signIns,
			@OperationParam(name = "cohort-by", min = 0, max = 1) CodeType cohortBy,
			@OperationParam(name = "cohort", min = 0, max = 1) StringType cohort,
			@OperationParam(name = "bootstrap", min = 0, max = 1) IntegerType bootstrap,
			@OperationParam(name = "seed", min = 0, max = 1) IntegerType seed,
			@OperationParam(name = "trimming", min = 0, max = 1) CodeType trimming,
			RequestDetails request) {
		YearMonth current = YearMonth.now(clock.withZone(ZoneOffset.UTC));
		YearMonth last = month(end).orElse(current.minusMonths(1));
		EffectRequest effectRequest = new EffectRequest(
				EffectOutcome.fromCode(code(outcome, "no-show")),
				EffectRequest.Method.fromCode(code(method, "aipw")),
				estimand(code(estimand, "att")),
				month(start).orElse(last.minusMonths(DEFAULT_MONTHS - 1)), last,
				baselineMonths == null || baselineMonths.isEmpty() ? DEFAULT_MONTHS : baselineMonths.getValue(),
				signIns == null || signIns.isEmpty() ? 1.0 : signIns.getValue().doubleValue(),
				cohortBy == null || cohortBy.isEmpty() ? CohortDimension.ALL : CohortDimension.fromCode(cohortBy.getValue()),
				Optional.ofNullable(cohort).filter(c -> !c.isEmpty()).map(StringType::getValue),
				bootstrap == null || bootstrap.isEmpty() ? 0 : bootstrap.getValue(),
				seed == null || seed.isEmpty() ? 1 : seed.getValue(),
				EffectRequest.trimming(code(trimming, "fixed")));
		Parameters answer = analyse(effectRequest);
		if (wantsCsv(request)) {
			Binary csv = new Binary();
			csv.setContentType(EffectCsv.MEDIA_TYPE + "; charset=utf-8");
			csv.setData(EffectCsv.of(answer).getBytes(StandardCharsets.UTF_8));
			return csv;
		}
		return answer;
	}

	private Parameters analyse(EffectRequest request) {
		java.time.Instant now = clock.instant();
		PatientMonths data = query.load(request, now);
		java.time.Instant until = request.panelEnd().isBefore(now) ? request.panelEnd() : now;
		MeasuredOutcome outcome = request.outcome().measure().measure(data, request, until);
		try {
			if (request.method() == EffectRequest.Method.DID) {
				return EffectReport.did(request, new StaggeredDid().estimate(EffectDesign.panel(data, outcome, request), request.bootstrap(),
						request.seed()));
			}
			EffectSample sample = EffectDesign.crossSection(data, outcome, request);
			int exposed = sample.treatedCount();
			if (exposed < Cell.MIN_PATIENTS || sample.size() - exposed < Cell.MIN_PATIENTS) {
				return EffectReport.aipwSuppressed(request, sample);
			}
			AipwOptions options = AipwOptions.of(request.estimand(), request.outcome().type).withTrimming(request.trimming())
					.withBootstrap(request.bootstrap(), request.seed());
			return EffectReport.aipw(request, sample, new AipwEstimator().estimate(sample, options));
		} catch (IllegalArgumentException tooLittle) {
			throw new UnprocessableEntityException("The data do not support an estimate: " + tooLittle.getMessage());
		}
	}

	private static Estimand estimand(String code) {
		return switch (code) {
			case "att" -> Estimand.ATT;
			case "ate" -> Estimand.ATE;
			default -> throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException("unknown estimand '" + code + "'; expected att or ate");
		};
	}

	private static String code(CodeType code, String fallback) {
		return code == null || code.isEmpty() ? fallback : code.getValue();
	}

	private static Optional<YearMonth> month(DateType date) {
		return date == null || date.isEmpty() ? Optional.empty() : Optional.of(YearMonth.of(date.getYear(), date.getMonth() + 1));
	}

	private static boolean wantsCsv(RequestDetails request) {
		String[] format = request.getParameters().get("_format");
		if (format != null && format.length > 0) {
			return format[0].startsWith(EffectCsv.MEDIA_TYPE) || format[0].equals("csv");
		}
		String accept = request.getHeader("Accept");
		return accept != null && accept.startsWith(EffectCsv.MEDIA_TYPE);
	}
}
