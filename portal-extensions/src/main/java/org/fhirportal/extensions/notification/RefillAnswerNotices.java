package org.fhirportal.extensions.notification;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * Raises a {@link NoticeKind#REFILL} notice when staff answer a refill request: its Task (code
 * {@link PortalIg#REFILL_REQUEST_CODE}) moves to {@code accepted}, {@code rejected} or {@code completed} (the
 * refill lifecycle lets only staff make those moves). The patient's own cancellation raises none. Runs before the
 * update's transaction commits.
 */
@Interceptor
public final class RefillAnswerNotices {

	private static final Set<TaskStatus> ANSWERS = EnumSet.of(TaskStatus.ACCEPTED, TaskStatus.REJECTED, TaskStatus.COMPLETED);

	private final PatientNotices notices;

	RefillAnswerNotices(PatientNotices notices) {
		this.notices = Objects.requireNonNull(notices, "notices");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void resourceUpdated(IBaseResource previousResource, IBaseResource newResource) {
		if (previousResource instanceof Task before && newResource instanceof Task after) {
			handleTaskUpdate(before, after);
		}
	}

	private void handleTaskUpdate(Task before, Task after) {
		if (!isRefillRequest(after) || before.getStatus() == after.getStatus() || !ANSWERS.contains(after.getStatus())) {
			return;
		}
		IdType patient = after.hasFor() && after.getFor().hasReference() ? new IdType(after.getFor().getReference()) : null;
		if (patient != null && "Patient".equals(patient.getResourceType())) {
			notices.raise(patient.getIdPart(), NoticeKind.REFILL);
		}
	}

	private static boolean isRefillRequest(Task task) {
		return task.getCode().getCoding().stream()
				.anyMatch(c -> PortalIg.TASK_CODE_SYSTEM.equals(c.getSystem()) && PortalIg.REFILL_REQUEST_CODE.equals(c.getCode()));
	}
}
