package org.fhirportal.extensions.effect;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the effect analytics' projections ({@code portal_effect_appointment}, migration V260;
 * {@code portal_effect_sign_in_month}, V415; {@code portal_effect_fact}, V420) with the upsert each database has:
 * {@code INSERT ... ON CONFLICT} on PostgreSQL, {@code MERGE} on H2.
 */
final class EffectTables {

	private final JdbcTemplate jdbc;
	private volatile Boolean postgres;

	EffectTables(JdbcTemplate jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	/** An appointment of a patient: when it starts and its status code. */
	record AppointmentRow(String ref, String patientId, Instant start, String status) {}

	void upsertAppointment(AppointmentRow row) {
		String sql = postgres()
				? "INSERT INTO portal_effect_appointment (ref, patient_id, start_at, status) VALUES (?, ?, ?, ?)"
						+ " ON CONFLICT (ref) DO UPDATE SET patient_id = EXCLUDED.patient_id, start_at = EXCLUDED.start_at, status = EXCLUDED.status"
				: "MERGE INTO portal_effect_appointment (ref, patient_id, start_at, status) KEY (ref) VALUES (?, ?, ?, ?)";
		jdbc.update(sql, row.ref(), row.patientId(), row.start().atOffset(ZoneOffset.UTC), row.status());
	}

	boolean uses(JdbcTemplate other) {
		return jdbc == other;
	}

	/** Sign-ins of a patient in the month starting {@code month}. */
	record SignInMonth(String patientId, LocalDate month, int signIns) {}

	/** Adds sign-ins to the patients' months (upsert by increment). */
	void addSignIns(List<SignInMonth> rows) {
		String sql = postgres()
				? "INSERT INTO portal_effect_sign_in_month (patient_id, month_start, sign_ins) VALUES (?, ?, ?)"
						+ " ON CONFLICT (patient_id, month_start) DO UPDATE SET sign_ins = portal_effect_sign_in_month.sign_ins + EXCLUDED.sign_ins"
				: "MERGE INTO portal_effect_sign_in_month t USING (SELECT CAST(? AS VARCHAR(64)) patient_id, CAST(? AS DATE) month_start,"
						+ " CAST(? AS INTEGER) sign_ins) s ON t.patient_id = s.patient_id AND t.month_start = s.month_start"
						+ " WHEN MATCHED THEN UPDATE SET sign_ins = t.sign_ins + s.sign_ins"
						+ " WHEN NOT MATCHED THEN INSERT (patient_id, month_start, sign_ins) VALUES (s.patient_id, s.month_start, s.sign_ins)";
		jdbc.batchUpdate(sql, rows.stream().map(r -> new Object[] {r.patientId(), r.month(), r.signIns()}).toList());
	}

	void deleteAppointment(String ref) {
		jdbc.update("DELETE FROM portal_effect_appointment WHERE ref = ?", ref);
	}

	void upsertFact(EffectFacts.Row row) {
		String sql = postgres()
				? "INSERT INTO portal_effect_fact (ref, patient_id, kind, occurred_at, code, amount, flag) VALUES (?, ?, ?, ?, ?, ?, ?)"
						+ " ON CONFLICT (ref) DO UPDATE SET patient_id = EXCLUDED.patient_id, kind = EXCLUDED.kind,"
						+ " occurred_at = EXCLUDED.occurred_at, code = EXCLUDED.code, amount = EXCLUDED.amount, flag = EXCLUDED.flag"
				: "MERGE INTO portal_effect_fact (ref, patient_id, kind, occurred_at, code, amount, flag) KEY (ref) VALUES (?, ?, ?, ?, ?, ?, ?)";
		jdbc.update(sql, row.ref(), row.patientId(), row.kind(), row.at() == null ? null : row.at().atOffset(ZoneOffset.UTC), row.code(),
				row.amount(), row.flag());
	}

	void deleteFact(String ref) {
		jdbc.update("DELETE FROM portal_effect_fact WHERE ref = ?", ref);
	}

	private boolean postgres() {
		Boolean known = postgres;
		if (known == null) {
			String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
			known = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
			postgres = known;
		}
		return known;
	}
}
