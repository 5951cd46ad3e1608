package org.fhirportal.extensions.audit;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.fhirportal.extensions.audit.AuditCriteria.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code Patient/[id]/$access-log} (the IG's OperationDefinition {@code Patient-access-log}): who read this
 * patient's record, when, which kinds of data and through which app, newest first, in plain terms
 * ({@link AccessLogEntries}). Only successful reads are listed, not the reads of the log itself (they are audited,
 * but listing them would only repeat "you looked at this list"); access control lets a patient ask for their own
 * record only ({@link AuditOperationRules}). The answer is a collection Bundle: a searchset would make access
 * control check each AuditEvent in it against the rule that keeps raw AuditEvents from patients.
 */
public final class AccessLogOperation {

	private static final int DEFAULT_DAYS = 90;

	private final AuditStore store;
	private final AccessLogEntries entries;
	private final Clock clock;
	private final int defaultPageSize;
	private final int maxPageSize;

	AccessLogOperation(AuditStore store, AccessLogEntries entries, Clock clock, int defaultPageSize, int maxPageSize) {
		this.store = store;
		this.entries = entries;
		this.clock = clock;
		this.defaultPageSize = defaultPageSize;
		this.maxPageSize = maxPageSize;
	}

	@Operation(name = "$access-log", idempotent = true, type = Patient.class)
	public IBundleProvider accessLog(
			@IdParam IdType patient,
			@OperationParam(name = "start", min = 0, max = 1) DateType start,
			@OperationParam(name = "end", min = 0, max = 1) DateType end,
			@OperationParam(name = "_count", min = 0, max = 1) IntegerType count,
			@OperationParam(name = "_offset", min = 0, max = 1) IntegerType offset) {
		LocalDate last = end == null || end.getValue() == null ? LocalDate.now(clock) : LocalDate.parse(end.getValueAsString());
		LocalDate first = start == null || start.getValue() == null ? last.minusDays(DEFAULT_DAYS) : LocalDate.parse(start.getValueAsString());
		if (first.isAfter(last)) {
			throw new InvalidRequestException("$access-log: start (" + first + ") is after end (" + last + ")");
		}
		AuditCriteria criteria = new AuditCriteria()
				.and(Condition.of("patient_id = ?", patient.getIdPart()))
				.kindIn(Set.of(AuditedInteraction.READ, AuditedInteraction.QUERY))
				.and(Condition.of("outcome = 0"))
				.and(Condition.of("subtype <> ?", "$access-log"))
				.recordedFrom(first.atStartOfDay(ZoneOffset.UTC).toInstant())
				.recordedBefore(last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
		int pageSize = count == null || count.getValue() == null ? defaultPageSize : Math.max(0, Math.min(count.getValue(), maxPageSize));
		int from = offset == null || offset.getValue() == null ? 0 : Math.max(0, offset.getValue());
		return new AuditBundleProvider(store.rows(), criteria, true, entries.forPatient(patient.getIdPart()), from, pageSize);
	}
}
