package org.fhirportal.extensions.refill;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.Objects;
import java.util.function.Predicate;
import org.fhirportal.extensions.workflow.ResourceErrors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;

/**
 * Holds refill Tasks that staff or an EHR create directly (POST, conditional or PUT create, transaction entries) to
 * the rule {@code $request-refill} keeps: at most one open refill request per prescription. The open request is
 * claimed in {@link OpenRefillRequests} before the create commits, in its transaction, so a second one answers 409
 * naming {@code Task.focus} and nothing is stored. Requests made with {@code $request-refill} (written as the
 * system) have claimed theirs already; closed ones (e.g. an EHR back-loading history) claim nothing.
 */
@Interceptor
public final class StaffRefillCreates {

	private static final String FOCUS_TYPE = "MedicationRequest";

	private final OpenRefillRequests open;
	private final Predicate<String> isOpen;

	StaffRefillCreates(OpenRefillRequests open, Predicate<String> isOpen) {
		this.open = Objects.requireNonNull(open, "open");
		this.isOpen = Objects.requireNonNull(isOpen, "isOpen");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(RequestDetails request, IBaseResource resource) {
		if (request instanceof SystemRequestDetails || !(resource instanceof Task task) || !RefillLifecycle.isRefillRequest(task)
				|| task.getStatus() == null || RefillLifecycle.isClosed(task.getStatus())) {
			return;
		}
		if (!FOCUS_TYPE.equals(task.getFocus().getReferenceElement().getResourceType()) || !task.getFocus().getReferenceElement().hasIdPart()) {
			throw ResourceErrors.unprocessable("Task.focus", "an open refill request names the MedicationRequest it asks to refill");
		}
		open.openForTask(task.getFocus().getReferenceElement().getIdPart(), task.getIdElement().getIdPart(), isOpen);
	}
}
