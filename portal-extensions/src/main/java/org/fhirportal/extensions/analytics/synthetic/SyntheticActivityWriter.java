package org.fhirportal.extensions.analytics.synthetic;

import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.fhirportal.extensions.analytics.EngagementTables;
import org.fhirportal.extensions.audit.AuditBatchListener;
import org.fhirportal.extensions.audit.AuditRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a {@link SyntheticActivity} straight into the database by batched JDBC, for tests and benchmarks: the
 * portal accounts, the audit trail (in batches, each in one transaction with the {@link AuditBatchListener}s, as
 * the audit store commits its groups), and optionally the analytics' projections of the FHIR resources, for a
 * benchmark that does not load thousands of patients' resources through the FHIR API.
 */
public final class SyntheticActivityWriter {

	private static final String INSERT_AUDIT = "INSERT INTO portal_audit_event (recorded, kind, subtype, action, outcome, http_status,"
			+ " patient_id, user_type, user_id, username, client_id, token_jti, source_address, query, returned, detail)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final int[] AUDIT_TYPES = {
		Types.TIMESTAMP_WITH_TIMEZONE, Types.VARCHAR, Types.VARCHAR, Types.CHAR, Types.SMALLINT, Types.SMALLINT,
		Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
		Types.VARCHAR, Types.VARCHAR
	};

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final List<AuditBatchListener> listeners;
	private final int batchSize;

	public SyntheticActivityWriter(DataSource dataSource, List<AuditBatchListener> listeners, int batchSize) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.listeners = List.copyOf(listeners);
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be positive");
		}
		this.batchSize = batchSize;
	}

	/** A portal account (role PATIENT) for every enrolled patient, created when the patient enrolled. */
	public void writeAccounts(SyntheticActivity activity) {
		List<Object[]> rows = activity.patients().stream().filter(p -> p.enrolled().isPresent())
				.map(p -> new Object[] {p.username().orElseThrow(), "!synthetic", "PATIENT", "Patient/" + p.id(), "Synthetic patient",
						p.enrolled().get().atOffset(ZoneOffset.UTC)})
				.toList();
		transactions.executeWithoutResult(tx -> jdbc.batchUpdate("INSERT INTO portal_user (username, password_hash, role, fhir_user,"
				+ " display_name, created_at) VALUES (?, ?, ?, ?, ?, ?)", rows));
	}

	/** The audit trail in batches of {@code batchSize}, each batch and its listeners in one transaction. */
	public void writeAudit(List<AuditRecord> audit) {
		for (int from = 0; from < audit.size(); from += batchSize) {
			List<AuditRecord> batch = audit.subList(from, Math.min(audit.size(), from + batchSize));
			transactions.executeWithoutResult(tx -> {
				jdbc.batchUpdate(INSERT_AUDIT, batch.stream().map(SyntheticActivityWriter::row).toList(), AUDIT_TYPES);
				listeners.forEach(listener -> listener.written(batch, jdbc));
			});
		}
	}

	/** The rows {@code EngagementProjection} would keep had the resources been written through HAPI. */
	public void writeProjections(SyntheticActivity activity) {
		EngagementTables tables = new EngagementTables(jdbc);
		List<EngagementTables.PatientRow> patients = activity.patients().stream().map(p -> new EngagementTables.PatientRow(
				p.id(), p.birthDate(), p.gender(), p.organization(), p.practitioner().orElse(null))).toList();
		List<EngagementTables.ResourceRow> resources = new ArrayList<>();
		activity.labs().forEach(l -> resources.add(new EngagementTables.ResourceRow(l.ref(), "lab", l.patientId(), l.issued(), false, null)));
		activity.messages().forEach(m -> resources.add(new EngagementTables.ResourceRow(m.ref(), "message", m.patientId(), m.sent(),
				m.fromPatient(), m.inResponseTo().orElse(null))));
		activity.appointments().forEach(a -> resources.add(new EngagementTables.ResourceRow(a.ref(), "appointment", a.patientId(),
				a.created(), a.selfScheduled(), null)));
		activity.refills().forEach(r -> resources.add(new EngagementTables.ResourceRow(r.ref(), "refill", r.patientId(), r.authored(), true, null)));
		for (int from = 0; from < patients.size(); from += batchSize) {
			List<EngagementTables.PatientRow> batch = patients.subList(from, Math.min(patients.size(), from + batchSize));
			transactions.executeWithoutResult(tx -> tables.upsertPatients(batch));
		}
		for (int from = 0; from < resources.size(); from += batchSize) {
			List<EngagementTables.ResourceRow> batch = resources.subList(from, Math.min(resources.size(), from + batchSize));
			transactions.executeWithoutResult(tx -> tables.upsertResources(batch));
		}
	}

	private static Object[] row(AuditRecord r) {
		return new Object[] {
			r.recorded().atOffset(ZoneOffset.UTC), r.kind(), r.subtype(), String.valueOf(r.action()), r.outcome(), r.httpStatus().orElse(null),
			r.patientId().orElse(null), r.userType().orElse(null), r.userId().orElse(null), r.username().orElse(null),
			r.clientId().orElse(null), r.tokenJti().orElse(null), r.sourceAddress().orElse(null), r.query().orElse(null),
			r.returned().isEmpty() ? null : String.join(" ", r.returned()), r.detail().orElse(null)
		};
	}
}
