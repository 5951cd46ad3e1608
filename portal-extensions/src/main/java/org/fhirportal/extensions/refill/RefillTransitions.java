package org.fhirportal.extensions.refill;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fhirportal.extensions.workflow.Caller;
import org.fhirportal.extensions.workflow.ResourceErrors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * Enforces {@link RefillLifecycle} on every update of a refill request Task (PUT, PATCH, transaction entries):
 * <ul>
 *   <li>a move the lifecycle does not allow from the stored status answers 409, naming {@code Task.status};</li>
 *   <li>patients and caregivers (any caller who is not staff) only cancel a {@code requested} request, and change
 *       none of focus, for, owner, requester, code or intent: 422 naming the element;</li>
 *   <li>nobody moves a request to another prescription or patient (focus, for, code, intent), and a rejection says
 *       why ({@code statusReason}): 422;</li>
 *   <li>a change of status stamps {@code lastModified};</li>
 *   <li>no other Task becomes a refill request by an update (that would slip past {@link StaffRefillCreates}).</li>
 * </ul>
 * Patients and caregivers create refill requests only with {@code $request-refill} (which writes through the
 * storage layer as the system), never by a Task create of their own, and change no Task but a refill request.
 */
@Interceptor
public final class RefillTransitions {

	private static final Map<String, Function<Task, Base>> FIXED = Map.of(
			"Task.focus", Task::getFocus, "Task.for", Task::getFor, "Task.code", Task::getCode, "Task.intent", Task::getIntentElement);
	private static final Map<String, Function<Task, Base>> FIXED_FOR_PATIENTS = Map.of(
			"Task.owner", Task::getOwner, "Task.requester", Task::getRequester);

	private final Clock clock;

	RefillTransitions(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void resourceCreated(RequestDetails request, IBaseResource resource) {
		if (resource instanceof Task && !isStaff(request)) {
			throw new ForbiddenOperationException("Patients and caregivers ask for a refill with MedicationRequest/[id]/$request-refill;"
					+ " they do not create Tasks");
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void resourceUpdated(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
		if (!(oldResource instanceof Task before) || !(newResource instanceof Task after)) {
			return;
		}
		boolean staff = isStaff(request);
		if (!RefillLifecycle.isRefillRequest(before)) {
			if (!staff) {
				throw new ForbiddenOperationException("Patients and caregivers change refill requests only");
			}
			if (RefillLifecycle.isRefillRequest(after)) {
				throw ResourceErrors.unprocessable("Task.code", "cannot change: a Task does not become a refill request;"
						+ " create one (or ask with $request-refill)");
			}
			return;
		}
		handleRefillUpdate(before, after, staff);
	}

	private void handleRefillUpdate(Task before, Task after, boolean staff) {
		requireUnchanged(before, after, FIXED, "a refill request stays about the same prescription and patient");
		if (!staff) {
			requireUnchanged(before, after, FIXED_FOR_PATIENTS, "patients and caregivers may only cancel a refill request");
		}
		TaskStatus from = before.getStatus();
		TaskStatus to = after.getStatus();
		if (to == null) {
			throw ResourceErrors.unprocessable("Task.status", "a refill request has a status");
		}
		if (from == to) {
			if (!staff) {
				throw ResourceErrors.unprocessable("Task.status", "patients and caregivers may only cancel a refill request"
						+ " (status cancelled) while it is requested");
			}
			return;
		}
		String id = "Task/" + before.getIdElement().getIdPart();
		if (RefillLifecycle.isClosed(from)) {
			throw ResourceErrors.conflict("Task.status", id + " is " + from.toCode() + "; a closed refill request does not change"
					+ " any more (ask again with $request-refill)");
		}
		if (!staff && to != TaskStatus.CANCELLED) {
			throw ResourceErrors.unprocessable("Task.status", "patients and caregivers may only cancel a refill request"
					+ " (status cancelled); staff accept, reject and complete it");
		}
		if (!RefillLifecycle.next(from, staff).contains(to)) {
			throw ResourceErrors.conflict("Task.status", id + " is " + from.toCode() + " and cannot become " + to.toCode()
					+ "; it can become " + codes(RefillLifecycle.next(from, staff)));
		}
		if (to == TaskStatus.REJECTED && !after.hasStatusReason()) {
			throw ResourceErrors.unprocessable("Task.statusReason", "a rejected refill request says why");
		}
		after.setLastModified(Date.from(clock.instant()));
	}

	private static void requireUnchanged(Task before, Task after, Map<String, Function<Task, Base>> elements, String why) {
		for (Map.Entry<String, Function<Task, Base>> element : elements.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
			Base was = element.getValue().apply(before);
			Base is = element.getValue().apply(after);
			if (!(was.isEmpty() && is.isEmpty()) && !was.equalsDeep(is)) {
				throw ResourceErrors.unprocessable(element.getKey(), "cannot change: " + why);
			}
		}
	}

	/** Writes of the server itself ($request-refill, read receipts) and of staff tokens; no token counts as the server. */
	private static boolean isStaff(RequestDetails request) {
		if (request instanceof SystemRequestDetails) {
			return true;
		}
		return Caller.currentAccess().map(Caller::new).map(Caller::isStaff).orElse(true);
	}

	private static String codes(java.util.Set<TaskStatus> statuses) {
		List<String> codes = statuses.stream().map(TaskStatus::toCode).sorted().toList();
		return codes.isEmpty() ? "nothing else" : codes.stream().collect(Collectors.joining(", "));
	}
}
