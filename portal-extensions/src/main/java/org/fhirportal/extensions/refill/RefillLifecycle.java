package org.fhirportal.extensions.refill;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * The life of a refill request (ValueSet portal-refill-status): {@code requested}, then {@code accepted} or
 * {@code rejected} by staff, then {@code completed} by staff; the patient (or their caregiver) may cancel while it
 * is still {@code requested}, staff while it is open. A closed request ({@link #CLOSED}) changes no more, and no
 * longer counts as the prescription's one pending request ({@link OpenRefillRequests}).
 */
final class RefillLifecycle {

	/** Task statuses after which a prescription may be asked for again; none of them is ever left. */
	static final Set<TaskStatus> CLOSED = EnumSet.of(TaskStatus.REJECTED, TaskStatus.CANCELLED, TaskStatus.COMPLETED,
			TaskStatus.FAILED, TaskStatus.ENTEREDINERROR);

	private static final Map<TaskStatus, Set<TaskStatus>> STAFF_MOVES = Map.of(
			TaskStatus.REQUESTED, EnumSet.of(TaskStatus.ACCEPTED, TaskStatus.REJECTED, TaskStatus.CANCELLED),
			TaskStatus.ACCEPTED, EnumSet.of(TaskStatus.COMPLETED, TaskStatus.CANCELLED));

	private static final Map<TaskStatus, Set<TaskStatus>> PATIENT_MOVES = Map.of(
			TaskStatus.REQUESTED, EnumSet.of(TaskStatus.CANCELLED));

	private RefillLifecycle() {}

	static boolean isRefillRequest(Task task) {
		return task.getCode().getCoding().stream()
				.anyMatch(c -> PortalIg.TASK_CODE_SYSTEM.equals(c.getSystem()) && PortalIg.REFILL_REQUEST_CODE.equals(c.getCode()));
	}

	static boolean isClosed(TaskStatus status) {
		return CLOSED.contains(status);
	}

	/** The statuses the request may move to from {@code from}, by staff or (if not staff) the patient's side. */
	static Set<TaskStatus> next(TaskStatus from, boolean staff) {
		Set<TaskStatus> next = (staff ? STAFF_MOVES : PATIENT_MOVES).get(from);
		return next == null ? Set.of() : next;
	}
}
