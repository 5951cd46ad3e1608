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

	private static final String SIGN_IN = "a.kind = 'security' AND a.subtype = 'sign_in' AND a.outcome = 0 AND a.user_type = 'Patient'"
			+ " AND a.patient_id IS NOT NULL";
	private static final String PATIENT_JOIN = " LEFT JOIN portal_engagement_patient p ON p.patient_id = ";

	private final JdbcTemplate jdbc;

	public EngagementQuery(JdbcTemplate jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	public EngagementReport run(EngagementPeriod period, CohortDimension dimension) {
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

		String signIns = "FROM portal_audit_event a" + PATIENT_JOIN + "a.patient_id WHERE " + SIGN_IN + " AND a.recorded >= ? AND a.recorded < ?";
		jdbc.query("SELECT cohort, m, COUNT(*), COUNT(DISTINCT patient_id) FROM (SELECT " + cohort + " AS cohort, "
						+ CohortSql.monthIndex("a.recorded", period.months()) + " AS m, a.patient_id " + signIns + ") x GROUP BY cohort, m",
				rs -> { tally.monthlySignIns(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)); }, from, until);
		jdbc.query("SELECT cohort, COUNT(DISTINCT patient_id) FROM (SELECT " + cohort + " AS cohort, a.patient_id " + signIns + ") x GROUP BY cohort",
				rs -> { tally.active(rs.getString(1), rs.getLong(2)); }, from, until);

		jdbc.query("SELECT cohort, kind, SUM(views), COUNT(DISTINCT patient_id) FROM (SELECT " + cohort + " AS cohort, v.kind, v.views, v.patient_id"
						+ " FROM portal_engagement_daily_views v" + PATIENT_JOIN + "v.patient_id WHERE v.view_day >= ? AND v.view_day <= ?) x"
						+ " GROUP BY cohort, kind",
				rs -> { tally.views(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)); }, period.start(), period.end());

		jdbc.query("SELECT " + cohort + ", r.patient_id, r.occurred, f.first_viewed FROM portal_engagement_resource r"
						+ " LEFT JOIN portal_engagement_first_view f ON f.ref = r.ref" + PATIENT_JOIN + "r.patient_id"
						+ " WHERE r.kind = 'lab' AND r.occurred >= ? AND r.occurred < ?",
				rs -> { tally.lab(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4)); }, from, until);

		jdbc.query("SELECT " + cohort + ", r.patient_id, r.occurred, (SELECT MIN(x.occurred) FROM portal_engagement_resource x"
						+ " WHERE x.in_response_to = r.ref AND x.kind = 'message' AND x.by_patient = FALSE) FROM portal_engagement_resource r"
						+ PATIENT_JOIN + "r.patient_id WHERE r.kind = 'message' AND r.by_patient = TRUE AND r.occurred >= ? AND r.occurred < ?",
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
