package org.fhirportal.extensions.analytics;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;

/**
 * The system-level operation {@code $engagement}
 * (OperationDefinition {@code http://fhirportal.org/fhir/OperationDefinition/engagement}): how much patients
 * use the portal over a period, optionally per cohort, as Parameters, or as CSV when asked with
 * {@code _format=text/csv} (or {@code Accept: text/csv}). Only analysts may call it ({@link EngagementOperationRules}).
 */
public class EngagementOperationProvider {

	/** Days counted when the request gives no start: the 30 days up to the end. */
	static final int DEFAULT_DAYS = 30;

	private final EngagementQuery query;
	private final Clock clock;

	public EngagementOperationProvider(EngagementQuery query, Clock clock) {
		this.query = Objects.requireNonNull(query, "query");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Operation(name = "$engagement", idempotent = true)
	public IBaseResource engagement(
			@OperationParam(name = "start", min = 0, max = 1) DateType start,
			@OperationParam(name = "end", min = 0, max = 1) DateType end,
			@OperationParam(name = "cohort-by", min = 0, max = 1) CodeType cohortBy,
			RequestDetails request) {
		LocalDate last = day(end).orElse(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
		LocalDate first = day(start).orElse(last.minusDays(DEFAULT_DAYS - 1));
		CohortDimension dimension = cohortBy == null || cohortBy.isEmpty()
				? CohortDimension.ALL
				: CohortDimension.fromCode(cohortBy.getValue());
		EngagementReport report = query.run(new EngagementPeriod(first, last), dimension);
		if (wantsCsv(request)) {
			Binary csv = new Binary();
			csv.setContentType(EngagementCsv.MEDIA_TYPE + "; charset=utf-8");
			csv.setData(EngagementCsv.of(report).getBytes(StandardCharsets.UTF_8));
			return csv;
		}
		return EngagementParameters.of(report);
	}

	private static Optional<LocalDate> day(DateType date) {
		return date == null || date.isEmpty()
				? Optional.empty()
				: Optional.of(LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay()));
	}

	private static boolean wantsCsv(RequestDetails request) {
		String[] format = request.getParameters().get("_format");
		if (format != null && format.length > 0) {
			return format[0].startsWith(EngagementCsv.MEDIA_TYPE) || format[0].equals("csv");
		}
		String accept = request.getHeader("Accept");
		return accept != null && accept.startsWith(EngagementCsv.MEDIA_TYPE);
	}
}
