package org.fhirportal.extensions.analytics;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fhirportal.extensions.audit.AuditBatchListener;
import org.fhirportal.extensions.audit.AuditRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Derives, from each batch the audit store writes, what the engagement report needs of the reads and searches of
 * patients and caregivers: views per patient, day and {@link ViewedData kind}, and the first time each
 * DiagnosticReport was returned. Runs in the audit store's transaction, so the derived rows are exactly as durable
 * as the audit rows, and costs two batched upserts per batch.
 */
public class EngagementViewRecorder implements AuditBatchListener {

	private static final Set<String> VIEW_KINDS = Set.of("read", "query");
	private static final Set<String> VIEWERS = Set.of("Patient", "RelatedPerson");
	private static final String REPORT = "DiagnosticReport/";

	private volatile EngagementTables tables;

	@Override
	public void written(List<AuditRecord> batch, JdbcTemplate jdbc) {
		Map<List<Object>, Integer> views = new LinkedHashMap<>();
		Map<String, EngagementTables.FirstView> firstViews = new LinkedHashMap<>();
		for (AuditRecord record : batch) {
			if (!isView(record)) {
				continue;
			}
			String patient = record.patientId().orElseThrow();
			LocalDate day = LocalDate.ofInstant(record.recorded(), ZoneOffset.UTC);
			record.returned().stream().map(ViewedData::ofReference).flatMap(java.util.Optional::stream).distinct()
					.forEach(kind -> views.merge(List.of(patient, day, kind.code()), 1, Integer::sum));
			for (String ref : record.returned()) {
				if (ref.startsWith(REPORT)) {
					firstViews.merge(ref, new EngagementTables.FirstView(ref, patient, record.recorded()),
							(a, b) -> a.viewed().isAfter(b.viewed()) ? b : a);
				}
			}
		}
		if (views.isEmpty()) {
			return;
		}
		EngagementTables tables = tablesOf(jdbc);
		List<EngagementTables.DailyViews> rows = new ArrayList<>();
		views.forEach((key, n) -> rows.add(new EngagementTables.DailyViews((String) key.get(0), (LocalDate) key.get(1), (String) key.get(2), n)));
		tables.addViews(rows);
		if (!firstViews.isEmpty()) {
			tables.recordFirstViews(List.copyOf(firstViews.values()));
		}
	}

	private EngagementTables tablesOf(JdbcTemplate jdbc) {
		EngagementTables current = tables;
		if (current == null || !current.uses(jdbc)) {
			current = new EngagementTables(jdbc);
			tables = current;
		}
		return current;
	}

	static boolean isView(AuditRecord record) {
		return VIEW_KINDS.contains(record.kind()) && record.outcome() == 0 && record.patientId().isPresent()
				&& record.userType().filter(VIEWERS::contains).isPresent() && !record.returned().isEmpty();
	}
}
