package org.fhirportal.extensions.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Computes an {@link EngagementReport} in a handful of aggregate SQL queries over the audit store
 * ({@code portal_audit_event}), the portal accounts ({@code portal_user}) and the analytics' projections
 * ({@code portal_engagement_*}), on H2 or PostgreSQL. Definitions:
 * <ul>
 *   <li><b>patients</b>: Patient resources the server holds; <b>enrolled</b>: those with a portal account
 *       ({@code portal_user} of role PATIENT linked to {@code Patient/id}) created before the end of the period;</li>
 *   <li><b>active</b>: patients with at least one successful sign-in of their own (security audit event
 *       {@code sign_in}, outcome 0, user type Patient) in the period, or in the month; <b>adoption</b> = active /
 *       patients; <b>sign-ins per active patient per month</b> = sign-ins / the sum of the monthly active patients;</li>
 *   <li><b>views</b>: successful reads and searches by the patient or a caregiver that returned data of the kind
 *       ({@link ViewedData});</li>
 *   <li><b>lab time to view</b>: for laboratory DiagnosticReports issued in the period, the time from
 *       {@code issued} to the first time the report itself was returned to the patient or a caregiver (views
 *       after the period count; a view before {@code issued} counts as 0);</li>
 *   <li><b>messages</b>: Communications about a patient sent (in the period) by the patient or a caregiver;
 *       <b>reply time</b>: from such a message to the first message from the care team that answers it
 *       ({@code inResponseTo});</li>
 *   <li><b>self-scheduled appointments</b>: Appointments created (in the period) by a patient's or caregiver's
 *       request; <b>refill requests</b>: PortalRefillRequest Tasks authored in the period.</li>
 * </ul>
 */
public class EngagementQuery {

	/** The SQL condition (over {@code portal_audit_event a}) of a patient's own successful sign-in. */
	public static final String SIGN_IN = "a.kind = 'security' AND a.subtype = 'sign_in' AND a.outcome = 0 AND a.user_type = 'Patient'"
			+ " AND a.patient_id IS NOT NULL";
	private static final String PATIENT_JOIN = " LEFT JOIN portal_engagement_patient p ON p.patient_id = ";

	private final JdbcTemplate jdbc;

	public EngagementQuery(JdbcTemplate jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	/**
	 * Runs every query in one read-only snapshot ({@link ReadSnapshot}), on PostgreSQL with JIT compilation off,
	 * which costs more than it saves on these short aggregate queries.
	 */
	public EngagementReport run(EngagementPeriod period, CohortDimension dimension) {
		return ReadSnapshot.run(jdbc, List.of("SET LOCAL jit = off"), snapshot -> run(snapshot, period, dimension));
	}

	private static EngagementReport run(JdbcTemplate jdbc, EngagementPeriod period, CohortDimension dimension) {
		String cohort = CohortSql.cohort(dimension, period.end());
		OffsetDateTime from = utc(period.from());
		OffsetDateTime until = utc(period.until());
		EngagementTally tally = new EngagementTally(period, dimension);

		jdbc.query("SELECT cohort, COUNT(*) FROM (SELECT " + cohort + " AS cohort FROM portal_engagement_patient p) x GROUP BY cohort",
				rs -> { tally.patients(rs.getString(1), rs.getLong(2)); });
		jdbc.query("SELECT cohort, COUNT(*) FROM (SELECT DISTINCT u.fhir_user, " + cohort + " AS cohort FROM portal_user u"
						+ PATIENT_JOIN + "SUBSTRING(u.fhir_user, 9) WHERE u.role = 'PATIENT' AND u.fhir_user LIKE 'Patient/%'"
						+ " AND u.created_at < ?) x GROUP BY cohort",
				rs -> { tally.enrolled(rs.getString(1), rs.getLong(2)); }, until);

		// Sign-ins are first added up per patient and month, so that distinct patients are plain row counts.
		String signIns = "FROM portal_audit_event a WHERE " + SIGN_IN + " AND a.recorded >= ? AND a.recorded < ?";
		jdbc.query("SELECT cohort, m, SUM(n), COUNT(*) FROM (SELECT " + cohort + " AS cohort, s.m, s.n FROM (SELECT a.patient_id, m, COUNT(*) AS n"
						+ " FROM (SELECT a.patient_id, " + CohortSql.monthIndex("a.recorded", period.months()) + " AS m " + signIns + ") a"
						+ " GROUP BY a.patient_id, m) s" + PATIENT_JOIN + "s.patient_id) x GROUP BY cohort, m",
				rs -> { tally.monthlySignIns(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)); }, from, until);
		jdbc.query("SELECT cohort, COUNT(*) FROM (SELECT " + cohort + " AS cohort FROM (SELECT DISTINCT a.patient_id " + signIns + ") s"
						+ PATIENT_JOIN + "s.patient_id) x GROUP BY cohort",
				rs -> { tally.active(rs.getString(1), rs.getLong(2)); }, from, until);

		jdbc.query("SELECT cohort, kind, SUM(n), COUNT(*) FROM (SELECT " + cohort + " AS cohort, v.kind, v.n FROM (SELECT patient_id, kind,"
						+ " SUM(views) AS n FROM portal_engagement_daily_views WHERE view_day >= ? AND view_day <= ? GROUP BY patient_id, kind) v"
						+ PATIENT_JOIN + "v.patient_id) x GROUP BY cohort, kind",
				rs -> { tally.views(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)); }, period.start(), period.end());

		jdbc.query("SELECT " + cohort + ", r.patient_id, r.occurred, f.first_viewed FROM portal_engagement_resource r"
						+ " LEFT JOIN portal_engagement_first_view f ON f.ref = r.ref" + PATIENT_JOIN + "r.patient_id"
						+ " WHERE r.kind = 'lab' AND r.occurred >= ? AND r.occurred < ?",
				rs -> { tally.lab(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4)); }, from, until);

		jdbc.query("SELECT " + cohort + ", r.patient_id, r.occurred, reply.first_reply FROM portal_engagement_resource r"
						+ " LEFT JOIN (SELECT in_response_to, MIN(occurred) AS first_reply FROM portal_engagement_resource"
						+ " WHERE kind = 'message' AND by_patient = FALSE AND in_response_to IS NOT NULL GROUP BY in_response_to) reply"
						+ " ON reply.in_response_to = r.ref" + PATIENT_JOIN + "r.patient_id"
						+ " WHERE r.kind = 'message' AND r.by_patient = TRUE AND r.occurred >= ? AND r.occurred < ?",
				rs -> { tally.message(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4)); }, from, until);

		jdbc.query("SELECT cohort, kind, COUNT(*), COUNT(DISTINCT patient_id) FROM (SELECT " + cohort + " AS cohort, r.kind, r.patient_id"
						+ " FROM portal_engagement_resource r" + PATIENT_JOIN + "r.patient_id WHERE ((r.kind = 'appointment' AND r.by_patient = TRUE)"
						+ " OR r.kind = 'refill') AND r.occurred >= ? AND r.occurred < ?) x GROUP BY cohort, kind",
				rs -> { tally.requests(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)); }, from, until);

		return tally.report();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}
}
