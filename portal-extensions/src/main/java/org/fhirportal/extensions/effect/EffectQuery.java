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
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads a {@link PatientMonths} in aggregate queries: patients (with their cohort, from
 * {@code portal_engagement_patient}), sign-ins per patient and month and each patient's first sign-in (from the
 * audit trail, {@code portal_audit_event}, as {@code $engagement} counts them), due appointments and no-shows
 * per patient and month ({@code portal_effect_appointment}), active conditions, and the clinical facts the outcome
 * needs ({@code portal_effect_fact}, see {@link EffectFacts}). Dates go in as bind parameters; the cohort and month
 * expressions are generated from enums and {@code YearMonth}s, never from request text.
 */
final class EffectQuery {

	static final String DUE_STATUSES = "('booked', 'arrived', 'checked-in', 'fulfilled', 'noshow')";
	/** Appointments that count as a follow-up: kept, or booked and not (yet) missed. */
	static final String KEPT_STATUSES = "('booked', 'arrived', 'checked-in', 'fulfilled')";

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
		jdbc.query("SELECT patient_id, occurred_at, flag FROM portal_effect_fact WHERE kind = ?", (RowCallbackHandler) rs -> {
			int row = data.row(rs.getString(1));
			OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
			if (row >= 0 && (at == null || at.toInstant().isBefore(request.periodStart()))) {
				data.activeConditions.get(row)[0]++;
				data.addFact(rs.getString(1), EffectFacts.CONDITION, at == null ? null : at.toInstant(), null, Double.NaN, rs.getBoolean(3));
			}
		}, EffectFacts.CONDITION);
		loadOutcomeFacts(request, data, from, until);
		return data;
	}

	private void loadOutcomeFacts(EffectRequest request, PatientMonths data, OffsetDateTime from, OffsetDateTime until) {
		switch (request.outcome()) {
			case REFILL_ADHERENCE -> {
				facts(data, "kind = ? AND flag = ?", EffectFacts.MEDICATION_ORDER, true);
				facts(data, "kind = ? AND occurred_at >= ? AND occurred_at < ?", EffectFacts.DISPENSE,
						utc(RefillAdherenceMeasure.loadFrom(request)), until);
			}
			case LAB_FOLLOW_UP -> {
				facts(data, "kind = ? AND flag = ? AND occurred_at >= ? AND occurred_at < ?", EffectFacts.LAB, true, from, until);
				facts(data, "kind = ? AND occurred_at >= ? AND occurred_at < ?", EffectFacts.ENCOUNTER, from, until);
				jdbc.query("SELECT patient_id, start_at FROM portal_effect_appointment WHERE status IN " + KEPT_STATUSES
								+ " AND start_at >= ? AND start_at < ?",
						(RowCallbackHandler) rs -> data.addFact(rs.getString(1), PatientMonths.APPOINTMENT,
								rs.getObject(2, OffsetDateTime.class).toInstant(), null, Double.NaN, false), from, until);
			}
			case HBA1C_CHANGE -> facts(data, "kind = ? AND code = ? AND occurred_at >= ? AND occurred_at < ?", EffectFacts.LAB,
					EffectFacts.HBA1C, from, until);
			case NO_SHOW -> {
			}
		}
	}

	private void facts(PatientMonths data, String where, Object... args) {
		jdbc.query("SELECT patient_id, kind, occurred_at, code, amount, flag FROM portal_effect_fact WHERE " + where, (RowCallbackHandler) rs -> {
			OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
			double amount = rs.getDouble(5);
			amount = rs.wasNull() ? Double.NaN : amount;
			data.addFact(rs.getString(1), rs.getString(2), at == null ? null : at.toInstant(), rs.getString(4), amount, rs.getBoolean(6));
		}, args);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}
}
