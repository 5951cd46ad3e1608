package org.fhirportal.extensions.effect;

import java.sql.Date;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fhirportal.extensions.analytics.CohortDimension;
import org.fhirportal.extensions.analytics.CohortSql;
import org.fhirportal.extensions.analytics.EngagementQuery;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads a {@link PatientMonths} in three aggregate queries: patients (with their cohort, from
 * {@code portal_engagement_patient}), sign-ins per patient and month and each patient's first sign-in (from the
 * audit trail, {@code portal_audit_event}, as {@code $engagement} counts them), and due appointments and no-shows
 * per patient and month ({@code portal_effect_appointment}). Dates go in as bind parameters; the cohort and month
 * expressions are generated from enums and {@code YearMonth}s, never from request text.
 */
final class EffectQuery {

	static final String DUE_STATUSES = "('booked', 'arrived', 'checked-in', 'fulfilled', 'noshow')";

	private final JdbcTemplate jdbc;

	EffectQuery(JdbcTemplate jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	PatientMonths load(EffectRequest request, Instant now) {
		var months = request.months();
		PatientMonths data = new PatientMonths(months.size());
		String cohort = CohortSql.cohort(request.cohortBy(), request.lastMonth().atEndOfMonth());
		List<Object> args = new ArrayList<>();
		String where = "";
		if (request.cohort().isPresent()) {
			where = " WHERE " + cohort + " = ?";
			args.add(request.cohort().get());
		}
		jdbc.query("SELECT p.patient_id, p.birth_date, p.gender, p.organization FROM portal_engagement_patient p" + where
						+ " ORDER BY p.patient_id",
				rs -> {
					Date birth = rs.getDate(2);
					data.addPatient(rs.getString(1), birth == null ? null : birth.toLocalDate(), rs.getString(3), rs.getString(4));
				}, args.toArray());
		OffsetDateTime from = utc(request.panelStart());
		Instant endInstant = request.panelEnd().isBefore(now) ? request.panelEnd() : now;
		OffsetDateTime until = utc(endInstant);
		String month = CohortSql.monthIndex("a.recorded", months);
		jdbc.query("SELECT patient_id, m, COUNT(*) FROM (SELECT a.patient_id, " + month + " AS m FROM portal_audit_event a WHERE "
						+ EngagementQuery.SIGN_IN + " AND a.recorded >= ? AND a.recorded < ?) s GROUP BY patient_id, m",
				rs -> {
					int row = data.row(rs.getString(1));
					if (row >= 0) {
						data.signIns.get(row)[rs.getInt(2)] = rs.getInt(3);
					}
				}, from, until);
		jdbc.query("SELECT a.patient_id, MIN(a.recorded) FROM portal_audit_event a WHERE " + EngagementQuery.SIGN_IN
						+ " AND a.recorded < ? GROUP BY a.patient_id",
				rs -> {
					int row = data.row(rs.getString(1));
					if (row >= 0) {
						Instant first = rs.getObject(2, OffsetDateTime.class).toInstant();
						data.firstSignInMonth.get(row)[0] = first.isBefore(request.panelStart()) ? PatientMonths.BEFORE
								: months.indexOf(java.time.YearMonth.from(first.atOffset(ZoneOffset.UTC)));
					}
				}, until);
		String appointmentMonth = CohortSql.monthIndex("a.start_at", months);
		jdbc.query("SELECT patient_id, m, COUNT(*), SUM(CASE WHEN status = 'noshow' THEN 1 ELSE 0 END) FROM (SELECT a.patient_id, a.status, "
						+ appointmentMonth + " AS m FROM portal_effect_appointment a WHERE a.status IN " + DUE_STATUSES
						+ " AND a.start_at >= ? AND a.start_at < ?) s GROUP BY patient_id, m",
				rs -> {
					int row = data.row(rs.getString(1));
					if (row >= 0) {
						data.due.get(row)[rs.getInt(2)] = rs.getInt(3);
						data.noShows.get(row)[rs.getInt(2)] = rs.getInt(4);
					}
				}, from, until);
		return data;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}
}
