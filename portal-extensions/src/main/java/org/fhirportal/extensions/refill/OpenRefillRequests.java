package org.fhirportal.extensions.refill;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.fhirportal.extensions.workflow.OperationErrors;
import org.fhirportal.extensions.workflow.ResourceErrors;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database-level guarantee of one pending refill request per prescription: {@code portal_refill_open_request}
 * has one row per MedicationRequest with an open request, inserted in the transaction that creates the Task. Of
 * concurrent requests, on any node, one inserts and the others fail on the primary key (or time out on its lock) and
 * answer 409. A row whose Task has since been closed by staff is removed before the insert. Refill Tasks that staff
 * or an EHR create directly take the same row ({@link StaffRefillCreates}), so no path gives a prescription two.
 */
final class OpenRefillRequests {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	OpenRefillRequests(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Opens a request for the prescription, in the caller's transaction ({@code $request-refill}); the Task's id
	 * follows with {@link #recordTask}. A pending request answers 409 naming the operation's {@code id}.
	 *
	 * @param isOpen whether the Task of an earlier request is still open
	 */
	void open(String medicationRequestId, Predicate<String> isOpen) {
		claim(medicationRequestId, null, isOpen).ifPresent(pending -> {
			throw OperationErrors.conflict("id", pending);
		});
	}

	/**
	 * Opens a request for the prescription on behalf of a Task that staff or an EHR created directly, in the
	 * transaction that stores it. A pending request answers 409 naming {@code Task.focus}.
	 */
	void openForTask(String medicationRequestId, String taskId, Predicate<String> isOpen) {
		claim(medicationRequestId, taskId, isOpen).ifPresent(pending -> {
			throw ResourceErrors.conflict("Task.focus", pending);
		});
	}

	/** Inserts the prescription's row; empty when done, else what is pending. */
	private Optional<String> claim(String medicationRequestId, String taskId, Predicate<String> isOpen) {
		List<String> earlier = jdbc.queryForList(
				"SELECT task_id FROM portal_refill_open_request WHERE medication_request_id = ?", String.class, medicationRequestId);
		for (String earlierTask : earlier) {
			if (earlierTask == null || isOpen.test(earlierTask)) {
				return Optional.of(pending(medicationRequestId, earlierTask));
			}
			jdbc.update("DELETE FROM portal_refill_open_request WHERE medication_request_id = ? AND task_id = ?", medicationRequestId, earlierTask);
		}
		try {
			jdbc.update("INSERT INTO portal_refill_open_request (medication_request_id, task_id, opened_at) VALUES (?, ?, ?)",
					medicationRequestId, taskId, Timestamp.from(clock.instant()));
			return Optional.empty();
		} catch (DataIntegrityViolationException | TransientDataAccessException taken) {
			return Optional.of(pending(medicationRequestId, null));
		}
	}

	void recordTask(String medicationRequestId, String taskId) {
		jdbc.update("UPDATE portal_refill_open_request SET task_id = ? WHERE medication_request_id = ?", taskId, medicationRequestId);
	}

	private static String pending(String medicationRequestId, String taskId) {
		return "MedicationRequest/" + medicationRequestId + " already has a pending refill request"
				+ (taskId == null ? "" : " (Task/" + taskId + ")");
	}
}
