package org.fhirportal.extensions.refill;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.fhirportal.extensions.workflow.OperationErrors;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database-level guarantee of one pending refill request per prescription: {@code portal_refill_open_request}
 * has one row per MedicationRequest with an open request, inserted in the transaction that creates the Task. Of
 * concurrent requests, on any node, one inserts and the others fail on the primary key (or time out on its lock) and
 * answer 409. A row whose Task has since been closed by staff is removed before the insert.
 */
final class OpenRefillRequests {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	OpenRefillRequests(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Opens a request for the prescription, in the caller's transaction.
	 *
	 * @param isOpen whether the Task of an earlier request is still open
	 */
	void open(String medicationRequestId, Predicate<String> isOpen) {
		List<String> earlier = jdbc.queryForList(
				"SELECT task_id FROM portal_refill_open_request WHERE medication_request_id = ?", String.class, medicationRequestId);
		for (String taskId : earlier) {
			if (taskId == null || isOpen.test(taskId)) {
				throw pending(medicationRequestId, taskId);
			}
			jdbc.update("DELETE FROM portal_refill_open_request WHERE medication_request_id = ? AND task_id = ?", medicationRequestId, taskId);
		}
		try {
			jdbc.update("INSERT INTO portal_refill_open_request (medication_request_id, opened_at) VALUES (?, ?)",
					medicationRequestId, Timestamp.from(clock.instant()));
		} catch (DataIntegrityViolationException | TransientDataAccessException taken) {
			throw pending(medicationRequestId, null);
		}
	}

	void recordTask(String medicationRequestId, String taskId) {
		jdbc.update("UPDATE portal_refill_open_request SET task_id = ? WHERE medication_request_id = ?", taskId, medicationRequestId);
	}

	private static RuntimeException pending(String medicationRequestId, String taskId) {
		return OperationErrors.conflict("id", "MedicationRequest/" + medicationRequestId + " already has a pending refill request"
				+ (taskId == null ? "" : " (Task/" + taskId + ")"));
	}
}
