package org.fhirportal.extensions.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which notices each patient account wants ({@code portal_notice_preference}, by username). A kind the account has
 * not chosen is on: the notices are what brings patients back, and each e-mail says how to switch it off.
 */
final class NoticePreferences {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	NoticePreferences(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Every kind, on or off, for the account. */
	Map<NoticeKind, Boolean> of(String username) {
		Map<NoticeKind, Boolean> chosen = new EnumMap<>(NoticeKind.class);
		for (NoticeKind kind : NoticeKind.values()) {
			chosen.put(kind, true);
		}
		jdbc.query("SELECT kind, enabled FROM portal_notice_preference WHERE username = ?", row -> {
			boolean enabled = row.getBoolean("enabled");
			NoticeKind.fromCode(row.getString("kind")).ifPresent(kind -> chosen.put(kind, enabled));
		}, username);
		return chosen;
	}

	/** Sets the given kinds for the account; kinds not given keep their setting. */
	void set(String username, Map<NoticeKind, Boolean> choices) {
		Timestamp now = Timestamp.from(clock.instant());
		choices.forEach((kind, enabled) -> {
			if (jdbc.update("UPDATE portal_notice_preference SET enabled = ?, updated_at = ? WHERE username = ? AND kind = ?",
					enabled, now, username, kind.code()) == 0) {
				try {
					jdbc.update("INSERT INTO portal_notice_preference (username, kind, enabled, updated_at) VALUES (?, ?, ?, ?)",
							username, kind.code(), enabled, now);
				} catch (DuplicateKeyException concurrent) {
					jdbc.update("UPDATE portal_notice_preference SET enabled = ?, updated_at = ? WHERE username = ? AND kind = ?",
							enabled, now, username, kind.code());
				}
			}
		});
	}

	/**
	 * Whether the patient gets notices of the kind: they have an enabled patient account (whose {@code fhirUser} is
	 * the Patient) that has not switched the kind off. A patient without an account cannot sign in, so gets none.
	 */
	boolean wants(String patientId, NoticeKind kind) {
		List<Boolean> accounts = jdbc.queryForList("""
				SELECT COALESCE(p.enabled, TRUE) FROM portal_user u
				LEFT JOIN portal_notice_preference p ON p.username = u.username AND p.kind = ?
				WHERE u.fhir_user = ? AND u.role = 'PATIENT' AND u.enabled = TRUE""", Boolean.class, kind.code(), "Patient/" + patientId);
		return accounts.contains(Boolean.TRUE);
	}
}
