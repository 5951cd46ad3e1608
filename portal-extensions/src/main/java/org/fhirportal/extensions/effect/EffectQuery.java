package org.fhirportal.extensions.effect;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fhirportal.extensions.analytics.CohortDimension;
import org.fhirportal.extensions.analytics.CohortSql;
import org.fhirportal.extensions.analytics.EngagementQuery;
import org.fhirportal.extensions.analytics.ReadSnapshot;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads a {@link PatientMonths} in one read-only snapshot ({@link ReadSnapshot}, on PostgreSQL with JIT compilation
 * off), rows fetched {@link #FETCH_SIZE} at a time: the patients (with their cohort, from
 * {@code portal_engagement_patient}); their successful sign-ins per month, and who signed in before the first month,
 * from {@code portal_effect_sign_in_month} (kept from the audit trail by {@link EffectSignInRecorder}: the sign-ins
 * {@code $engagement} counts, one row per patient-month rather than millions of audit records); and each due
 * appointment with whether it was missed ({@code portal_effect_appointment}), added up per patient and month here
 * rather than by the database, which would hash nearly as many groups as there are rows; the patients' active
 * conditions and the clinical facts the outcome needs ({@code portal_effect_fact}, see {@link EffectFacts}). Dates go in as bind
 * parameters; the cohort and month expressions are generated from enums and {@code YearMonth}s, never from request
 * text.
 */
final class EffectQuery {

	static final String DUE_STATUSES = "('booked', 'arrived', 'checked-in', 'fulfilled', 'noshow')";
	static final int FETCH_SIZE = 10_000;
	private static final List<String> POSTGRES_SETTINGS = List.of("SET LOCAL jit = off");
	/** Appointments that count as a follow-up: kept, or booked and not (yet) missed. */
	static final String KEPT_STATUSES = "('booked', 'arrived', 'checked-in', 'fulfilled')";

	private final JdbcTemplate jdbc;

	EffectQuery(JdbcTemplate jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	PatientMonths load(EffectRequest request, Instant now) {
		return ReadSnapshot.run(jdbc, POSTGRES_SETTINGS, snapshot -> {
			snapshot.setFetchSize(FETCH_SIZE);
			return load(snapshot, request, now);
		});
	}

	private static PatientMonths load(JdbcTemplate jdbc, EffectRequest request, Instant now) {
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
		LocalDate firstMonth = months.get(0).atDay(1);
		jdbc.query("SELECT s.patient_id, s.month_start, s.sign_ins FROM portal_effect_sign_in_month s WHERE s.month_start >= ? AND s.month_start < ?",
				rs -> {
					int row = data.row(rs.getString(1));
					if (row >= 0) {
						int m = (int) ChronoUnit.MONTHS.between(firstMonth, rs.getDate(2).toLocalDate());
						data.signIns.get(row)[m] = rs.getInt(3);
						int[] first = data.firstSignInMonth.get(row);
						if (first[0] == PatientMonths.NONE || first[0] > m) {
							first[0] = m;
						}
					}
				}, firstMonth, months.get(months.size() - 1).plusMonths(1).atDay(1));
		// after the months: a sign-in before the first month makes the patient an adopter before the panel
		jdbc.query("SELECT DISTINCT s.patient_id FROM portal_effect_sign_in_month s WHERE s.month_start < ?",
				rs -> {
					int row = data.row(rs.getString(1));
					if (row >= 0) {
						data.firstSignInMonth.get(row)[0] = PatientMonths.BEFORE;
					}
				}, firstMonth);
		String appointmentMonth = CohortSql.monthIndex("a.start_at", months);
		jdbc.query("SELECT a.patient_id, " + appointmentMonth + ", CASE WHEN a.status = 'noshow' THEN 1 ELSE 0 END"
						+ " FROM portal_effect_appointment a WHERE a.status IN " + DUE_STATUSES + " AND a.start_at >= ? AND a.start_at < ?",
				rs -> {
					int row = data.row(rs.getString(1));
					if (row >= 0) {
						int m = rs.getInt(2);
						data.due.get(row)[m]++;
						data.noShows.get(row)[m] += rs.getInt(3);
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
		loadOutcomeFacts(jdbc, request, data, from, until);
		return data;
	}

	private static void loadOutcomeFacts(JdbcTemplate jdbc, EffectRequest request, PatientMonths data, OffsetDateTime from, OffsetDateTime until) {
		switch (request.outcome()) {
			case REFILL_ADHERENCE -> {
				facts(jdbc, data, "kind = ? AND flag = ?", EffectFacts.MEDICATION_ORDER, true);
				facts(jdbc, data, "kind = ? AND occurred_at >= ? AND occurred_at < ?", EffectFacts.DISPENSE,
						utc(RefillAdherenceMeasure.loadFrom(request)), until);
			}
			case LAB_FOLLOW_UP -> {
				facts(jdbc, data, "kind = ? AND flag = ? AND occurred_at >= ? AND occurred_at < ?", EffectFacts.LAB, true, from, until);
				facts(jdbc, data, "kind = ? AND occurred_at >= ? AND occurred_at < ?", EffectFacts.ENCOUNTER, from, until);
				jdbc.query("SELECT patient_id, start_at FROM portal_effect_appointment WHERE status IN " + KEPT_STATUSES
								+ " AND start_at >= ? AND start_at < ?",
						(RowCallbackHandler) rs -> data.addFact(rs.getString(1), PatientMonths.APPOINTMENT,
								rs.getObject(2, OffsetDateTime.class).toInstant(), null, Double.NaN, false), from, until);
			}
			case HBA1C_CHANGE -> facts(jdbc, data, "kind = ? AND code = ? AND occurred_at >= ? AND occurred_at < ?", EffectFacts.LAB,
					EffectFacts.HBA1C, from, until);
			case NO_SHOW -> {
			}
		}
	}

	private static void facts(JdbcTemplate jdbc, PatientMonths data, String where, Object... args) {
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
