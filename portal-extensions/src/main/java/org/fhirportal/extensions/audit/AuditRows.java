package org.fhirportal.extensions.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL of table {@code portal_audit_event}: batched inserts and the searches behind the AuditEvent endpoint.
 * Returned references are kept in one text column, space-separated ({@code Observation/1 Observation/2}).
 * Values longer than their column are cut rather than failing the read they audit.
 */
final class AuditRows {

	private static final String INSERT = "INSERT INTO portal_audit_event (recorded, kind, subtype, action, outcome, http_status,"
			+ " patient_id, user_type, user_id, username, client_id, token_jti, source_address, query, returned, detail)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	private static final String COLUMNS = "id, recorded, kind, subtype, action, outcome, http_status, patient_id, user_type,"
			+ " user_id, username, client_id, token_jti, source_address, query, returned, detail";

	private final JdbcTemplate jdbc;
	private final boolean h2;

	AuditRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.h2 = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName().startsWith("H2")));
	}

	boolean isPostgres() {
		return !h2;
	}

	void insert(List<AuditRecord> records) {
		jdbc.batchUpdate(INSERT, records, records.size(), AuditRows::bind);
	}

	/** The JDBC URL of the database, which tells where an H2 file database keeps its files. */
	String url() {
		return jdbc.execute((java.sql.Connection c) -> c.getMetaData().getURL());
	}

	/**
	 * Writes every committed change of H2's MVStore to its file now (rather than within its {@code WRITE_DELAY}), so
	 * that the rows survive the death of the process; the journal is emptied after it. PostgreSQL needs nothing.
	 */
	void checkpoint() {
		if (h2) {
			jdbc.execute("CHECKPOINT");
		}
	}

	/** The sequence number of the last journalled batch the database holds (H2 only, see {@link AuditJournal}). */
	long lastJournalledBatch() {
		Long last = jdbc.queryForObject("SELECT last_batch FROM portal_audit_journal WHERE id = 1", Long.class);
		return last == null ? 0 : last;
	}

	/** Records, inside the batch's own transaction, that the database holds batch {@code sequence}. */
	void markJournalledBatch(long sequence) {
		jdbc.update("UPDATE portal_audit_journal SET last_batch = ? WHERE id = 1", sequence);
	}

	/**
	 * A page of matching records. Oldest first keeps offset paging stable while records are appended (every
	 * search of the trail is itself audited); newest first suits a person's view of recent accesses.
	 */
	List<StoredAuditRecord> search(AuditCriteria criteria, boolean newestFirst, int offset, int count) {
		List<Object> args = new ArrayList<>(criteria.arguments());
		args.add(count);
		args.add(offset);
		return jdbc.query("SELECT " + COLUMNS + " FROM portal_audit_event" + criteria.where()
				+ (newestFirst ? " ORDER BY id DESC" : " ORDER BY id") + " LIMIT ? OFFSET ?", AuditRows::map, args.toArray());
	}

	int count(AuditCriteria criteria) {
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM portal_audit_event" + criteria.where(), Integer.class,
				criteria.arguments().toArray());
		return count == null ? 0 : count;
	}

	Optional<StoredAuditRecord> find(long id) {
		return jdbc.query("SELECT " + COLUMNS + " FROM portal_audit_event WHERE id = ?", AuditRows::map, id).stream().findFirst();
	}

	private static void bind(PreparedStatement statement, AuditRecord r) throws SQLException {
		statement.setObject(1, OffsetDateTime.ofInstant(r.recorded(), ZoneOffset.UTC));
		statement.setString(2, cut(r.kind(), 16));
		statement.setString(3, cut(r.subtype(), 40));
		statement.setString(4, String.valueOf(r.action()));
		statement.setInt(5, r.outcome());
		if (r.httpStatus().isPresent()) {
			statement.setInt(6, r.httpStatus().get());
		} else {
			statement.setNull(6, Types.SMALLINT);
		}
		statement.setString(7, cut(r.patientId(), 64));
		statement.setString(8, cut(r.userType(), 20));
		statement.setString(9, cut(r.userId(), 64));
		statement.setString(10, cut(r.username(), 100));
		statement.setString(11, cut(r.clientId(), 100));
		statement.setString(12, cut(r.tokenJti(), 64));
		statement.setString(13, cut(r.sourceAddress(), 45));
		statement.setString(14, cut(r.query(), 2000));
		statement.setString(15, r.returned().isEmpty() ? null : String.join(" ", r.returned()));
		statement.setString(16, cut(r.detail(), 200));
	}

	private static StoredAuditRecord map(ResultSet rs, int row) throws SQLException {
		String returned = rs.getString("returned");
		int status = rs.getInt("http_status");
		Optional<Integer> httpStatus = rs.wasNull() ? Optional.empty() : Optional.of(status);
		AuditRecord record = new AuditRecord(
				rs.getObject("recorded", OffsetDateTime.class).toInstant(),
				rs.getString("kind"),
				rs.getString("subtype"),
				rs.getString("action").charAt(0),
				rs.getInt("outcome"),
				httpStatus,
				optional(rs, "patient_id"),
				optional(rs, "user_type"),
				optional(rs, "user_id"),
				optional(rs, "username"),
				optional(rs, "client_id"),
				optional(rs, "token_jti"),
				optional(rs, "source_address"),
				optional(rs, "query"),
				returned == null || returned.isBlank() ? List.of() : Arrays.asList(returned.split(" ")),
				optional(rs, "detail"));
		return new StoredAuditRecord(rs.getLong("id"), record);
	}

	private static Optional<String> optional(ResultSet rs, String column) throws SQLException {
		return Optional.ofNullable(rs.getString(column));
	}

	private static String cut(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

	private static String cut(Optional<String> value, int max) {
		return cut(value.orElse(null), max);
	}
}
