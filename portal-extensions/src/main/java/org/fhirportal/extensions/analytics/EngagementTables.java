package org.fhirportal.extensions.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the analytics' projection tables ({@code portal_engagement_*}, migration V250) with the upsert each
 * database has: {@code INSERT ... ON CONFLICT} on PostgreSQL (safe under concurrent writers), {@code MERGE} on H2.
 * Public so that the synthetic activity writer (tests and benchmarks) fills the same tables the same way.
 */
public final class EngagementTables {

	private final JdbcTemplate jdbc;
	private volatile Boolean postgres;

	public EngagementTables(JdbcTemplate jdbc) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
	}

	boolean uses(JdbcTemplate other) {
		return jdbc == other;
	}

	/** A Patient's cohort attributes (any may be null). */
	public record PatientRow(String patientId, LocalDate birthDate, String gender, String organization, String practitioner) {}

	/** A lab result, message, appointment or refill request of a patient. */
	public record ResourceRow(String ref, String kind, String patientId, Instant occurred, boolean byPatient, String inResponseTo) {}

	/** Views of one kind of data by a patient (or for them by a caregiver) on one UTC day. */
	public record DailyViews(String patientId, LocalDate day, String kind, int views) {}

	/** The moment a DiagnosticReport was first seen by its patient (or their caregiver). */
	public record FirstView(String ref, String patientId, Instant viewed) {}

	public void upsertPatients(List<PatientRow> rows) {
		String sql = postgres()
				? "INSERT INTO portal_engagement_patient (patient_id, birth_date, gender, organization, practitioner) VALUES (?, ?, ?, ?, ?)"
						+ " ON CONFLICT (patient_id) DO UPDATE SET birth_date = EXCLUDED.birth_date, gender = EXCLUDED.gender,"
						+ " organization = EXCLUDED.organization, practitioner = EXCLUDED.practitioner"
				: "MERGE INTO portal_engagement_patient (patient_id, birth_date, gender, organization, practitioner) KEY (patient_id) VALUES (?, ?, ?, ?, ?)";
		jdbc.batchUpdate(sql, rows.stream().map(r -> new Object[] {r.patientId(), r.birthDate(), r.gender(), r.organization(), r.practitioner()}).toList());
	}

	public void upsertResources(List<ResourceRow> rows) {
		String sql = postgres()
				? "INSERT INTO portal_engagement_resource (ref, kind, patient_id, occurred, by_patient, in_response_to) VALUES (?, ?, ?, ?, ?, ?)"
						+ " ON CONFLICT (ref) DO UPDATE SET kind = EXCLUDED.kind, patient_id = EXCLUDED.patient_id, occurred = EXCLUDED.occurred,"
						+ " by_patient = EXCLUDED.by_patient, in_response_to = EXCLUDED.in_response_to"
				: "MERGE INTO portal_engagement_resource (ref, kind, patient_id, occurred, by_patient, in_response_to) KEY (ref) VALUES (?, ?, ?, ?, ?, ?)";
		jdbc.batchUpdate(sql, rows.stream().map(r -> new Object[] {
				r.ref(), r.kind(), r.patientId(), utc(r.occurred()), r.byPatient(), r.inResponseTo()}).toList());
	}

	/** Moves a resource to another patient, keeping when and by whom it was created; false if it is not there. */
	boolean reassignResource(String ref, String patientId) {
		return jdbc.update("UPDATE portal_engagement_resource SET patient_id = ? WHERE ref = ?", patientId, ref) > 0;
	}

	void deleteResource(String ref) {
		jdbc.update("DELETE FROM portal_engagement_resource WHERE ref = ?", ref);
	}

	void deletePatient(String patientId) {
		jdbc.update("DELETE FROM portal_engagement_patient WHERE patient_id = ?", patientId);
	}

	public void addViews(List<DailyViews> rows) {
		String sql = postgres()
				? "INSERT INTO portal_engagement_daily_views (patient_id, view_day, kind, views) VALUES (?, ?, ?, ?)"
						+ " ON CONFLICT (patient_id, view_day, kind) DO UPDATE SET views = portal_engagement_daily_views.views + EXCLUDED.views"
				: "MERGE INTO portal_engagement_daily_views t USING (SELECT CAST(? AS VARCHAR(64)) patient_id, CAST(? AS DATE) view_day,"
						+ " CAST(? AS VARCHAR(16)) kind, CAST(? AS INTEGER) views) s"
						+ " ON t.patient_id = s.patient_id AND t.view_day = s.view_day AND t.kind = s.kind"
						+ " WHEN MATCHED THEN UPDATE SET views = t.views + s.views"
						+ " WHEN NOT MATCHED THEN INSERT (patient_id, view_day, kind, views) VALUES (s.patient_id, s.view_day, s.kind, s.views)";
		jdbc.batchUpdate(sql, rows.stream().map(r -> new Object[] {r.patientId(), r.day(), r.kind(), r.views()}).toList());
	}

	/** Records first views, keeping the earliest when a report was already seen. */
	public void recordFirstViews(List<FirstView> rows) {
		String sql = postgres()
				? "INSERT INTO portal_engagement_first_view (ref, patient_id, first_viewed) VALUES (?, ?, ?)"
						+ " ON CONFLICT (ref) DO UPDATE SET patient_id = EXCLUDED.patient_id, first_viewed = EXCLUDED.first_viewed"
						+ " WHERE EXCLUDED.first_viewed < portal_engagement_first_view.first_viewed"
				: "MERGE INTO portal_engagement_first_view t USING (SELECT CAST(? AS VARCHAR(100)) ref, CAST(? AS VARCHAR(64)) patient_id,"
						+ " CAST(? AS TIMESTAMP(3) WITH TIME ZONE) first_viewed) s ON t.ref = s.ref"
						+ " WHEN MATCHED AND s.first_viewed < t.first_viewed THEN UPDATE SET patient_id = s.patient_id, first_viewed = s.first_viewed"
						+ " WHEN NOT MATCHED THEN INSERT (ref, patient_id, first_viewed) VALUES (s.ref, s.patient_id, s.first_viewed)";
		jdbc.batchUpdate(sql, rows.stream().map(r -> new Object[] {r.ref(), r.patientId(), utc(r.viewed())}).toList());
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

	static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}
}
