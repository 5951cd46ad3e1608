package org.fhirportal.extensions.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox of notices ({@code portal_notice}), safe for several server nodes sending from one database.
 * <ul>
 *   <li>{@link #enqueue} writes a pending row in the caller's transaction, so a notice exists exactly when the event
 *       that raised it was committed; a pending notice of the same kind for the patient absorbs a new one (two
 *       messages in a minute make one e-mail), and a notice with a {@code dedupKey} is raised once ever.</li>
 *   <li>{@link #claimDue} takes due rows with {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 alike) and,
 *       in the same short transaction, counts the try and moves {@code next_attempt_at} past the claim timeout, so no
 *       other node takes them while this one sends, and a node that stops mid-way leaves them to be tried again
 *       (at-least-once).</li>
 *   <li>{@link #sent}, {@link #failed}, {@link #postpone} and {@link #undeliverable} close or put back a claimed row.</li>
 * </ul>
 */
final class NoticeQueue {

	static final String PENDING = "pending";
	static final String SENT = "sent";
	static final String UNDELIVERABLE = "undeliverable";

	/** A claimed notice: its row, the patient and kind, and the tries so far, this one included. */
	record Claimed(long id, String patientId, NoticeKind kind, int attempts) {}

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final Clock clock;

	NoticeQueue(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.transactions = Objects.requireNonNull(transactions, "transactions");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Records a pending notice, in the caller's transaction; false when it was absorbed: without a {@code dedupKey},
	 * by a pending notice of the same kind for the patient; with one, by the notice raised with it before.
	 */
	boolean enqueue(String patientId, NoticeKind kind, String dedupKey) {
		Timestamp now = Timestamp.from(clock.instant());
		try {
			if (dedupKey == null) {
				return jdbc.update("""
						INSERT INTO portal_notice (patient_id, kind, status, created_at, next_attempt_at, attempts)
						SELECT ?, ?, ?, ?, ?, 0 FROM (VALUES (1)) one
						WHERE NOT EXISTS (SELECT 1 FROM portal_notice WHERE patient_id = ? AND kind = ? AND status = ?)""",
						patientId, kind.code(), PENDING, now, now, patientId, kind.code(), PENDING) == 1;
			}
			return jdbc.update("""
					INSERT INTO portal_notice (patient_id, kind, dedup_key, status, created_at, next_attempt_at, attempts)
					SELECT ?, ?, ?, ?, ?, ?, 0 FROM (VALUES (1)) one
					WHERE NOT EXISTS (SELECT 1 FROM portal_notice WHERE dedup_key = ?)""",
					patientId, kind.code(), dedupKey, PENDING, now, now, dedupKey) == 1;
		} catch (DuplicateKeyException alreadyRaised) {
			return false;
		}
	}

	/** Claims up to {@code limit} due notices for this node, for {@code claimTimeout}. */
	List<Claimed> claimDue(int limit, Duration claimTimeout) {
		return transactions.execute(status -> {
			Instant now = clock.instant();
			List<Claimed> due = jdbc.query("""
					SELECT id, patient_id, kind, attempts FROM portal_notice
					WHERE status = ? AND next_attempt_at <= ?
					ORDER BY next_attempt_at FETCH FIRST ? ROWS ONLY
					FOR UPDATE SKIP LOCKED""",
					(row, i) -> new Claimed(row.getLong("id"), row.getString("patient_id"),
							NoticeKind.fromCode(row.getString("kind")).orElseThrow(), row.getInt("attempts") + 1),
					PENDING, Timestamp.from(now), limit);
			for (Claimed notice : due) {
				jdbc.update("UPDATE portal_notice SET attempts = ?, next_attempt_at = ? WHERE id = ?",
						notice.attempts(), Timestamp.from(now.plus(claimTimeout)), notice.id());
			}
			return due;
		});
	}

	void sent(Claimed notice) {
		jdbc.update("UPDATE portal_notice SET status = ?, sent_at = ?, last_error = NULL WHERE id = ?",
				SENT, Timestamp.from(clock.instant()), notice.id());
	}

	/** Leaves the notice pending, to be tried again after {@code wait}. */
	void failed(Claimed notice, Duration wait, String error) {
		jdbc.update("UPDATE portal_notice SET next_attempt_at = ?, last_error = ? WHERE id = ?",
				Timestamp.from(clock.instant().plus(wait)), truncate(error), notice.id());
	}

	/** Puts a claimed notice back untried (its try uncounted), to be tried after {@code wait}. */
	void postpone(Claimed notice, Duration wait) {
		jdbc.update("UPDATE portal_notice SET attempts = attempts - 1, next_attempt_at = ? WHERE id = ?",
				Timestamp.from(clock.instant().plus(wait)), notice.id());
	}

	/** Closes a notice that cannot be sent however often it is tried (the patient has no e-mail address). */
	void undeliverable(Claimed notice, String reason) {
		jdbc.update("UPDATE portal_notice SET status = ?, last_error = ? WHERE id = ?", UNDELIVERABLE, truncate(reason), notice.id());
	}

	private static String truncate(String text) {
		String value = text == null ? "unknown error" : text;
		return value.length() <= 500 ? value : value.substring(0, 500);
	}
}
