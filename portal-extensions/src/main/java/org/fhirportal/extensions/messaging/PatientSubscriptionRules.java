package org.fhirportal.extensions.messaging;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Subscription;

/**
 * A patient may subscribe to their own messages and nothing else: a patient-side Subscription has the criteria
 * {@code Communication?recipient=Patient/[own id]}, optionally narrowed further by category, status, sender or
 * {@code _tag}, and a rest-hook or websocket channel. Every {@code recipient} value must be the patient alone (no
 * lists, no modifiers), so the criteria match nothing that is not addressed to the patient. Patients do not change
 * or take over Subscriptions once created; they may read those of such criteria ({@link #isToOwnMessages}), for
 * instance to bind one on the websocket.
 */
@Interceptor
public final class PatientSubscriptionRules {

	private static final Set<String> NARROWING_PARAMETERS = Set.of("recipient", "category", "status", "sender", "_tag");
	private static final Set<Subscription.SubscriptionChannelType> CHANNELS =
			Set.of(Subscription.SubscriptionChannelType.RESTHOOK, Subscription.SubscriptionChannelType.WEBSOCKET);

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void resourceCreated(RequestDetails request, IBaseResource resource) {
		if (resource instanceof Subscription subscription) {
			Caller.currentAccess().map(Caller::new).filter(Caller::isPatientSide)
					.ifPresent(patient -> handlePatientSubscription(patient.patientId().orElseThrow(), subscription));
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void resourceUpdated(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
		if (newResource instanceof Subscription && Caller.currentAccess().map(Caller::new).filter(Caller::isPatientSide).isPresent()) {
			throw new ForbiddenOperationException("Patients create Subscriptions to their own messages; they do not change them");
		}
	}

	private static void handlePatientSubscription(String patientId, Subscription subscription) {
		if (!CHANNELS.contains(subscription.getChannel().getType())) {
			throw unprocessable("Subscription.channel.type", "a patient's subscription uses a rest-hook or websocket channel");
		}
		checkCriteria(patientId, subscription.getCriteria());
	}

	/** Whether {@code subscription} is one that the patient could have created under these rules (the own messages). */
	static boolean isToOwnMessages(String patientId, IBaseResource subscription) {
		if (!(subscription instanceof Subscription typed)) {
			return false;
		}
		try {
			checkCriteria(patientId, typed.getCriteria());
			return true;
		} catch (UnprocessableEntityException otherCriteria) {
			return false;
		}
	}

	private static void checkCriteria(String patientId, String criteria) {
		String own = "Communication?recipient=Patient/" + patientId;
		if (criteria == null || !criteria.startsWith("Communication?")) {
			throw unprocessable("Subscription.criteria", "a patient subscribes to their own messages: " + own);
		}
		boolean addressedToPatient = false;
		for (String pair : criteria.substring("Communication?".length()).split("&")) {
			String[] parts = pair.split("=", 2);
			String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
			String value = parts.length < 2 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
			if (!NARROWING_PARAMETERS.contains(name)) {
				throw unprocessable("Subscription.criteria", "parameter '" + name + "' is not allowed in a patient's subscription; use " + own);
			}
			if (name.equals("recipient")) {
				if (!value.equals("Patient/" + patientId)) {
					throw unprocessable("Subscription.criteria", "a patient subscribes only to messages sent to them: " + own);
				}
				addressedToPatient = true;
			}
		}
		if (!addressedToPatient) {
			throw unprocessable("Subscription.criteria", "a patient subscribes only to messages sent to them: " + own);
		}
	}

	private static UnprocessableEntityException unprocessable(String expression, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.BUSINESSRULE)
				.setDiagnostics(expression + ": " + message).addExpression(expression);
		return new UnprocessableEntityException(expression + ": " + message, outcome);
	}
}
