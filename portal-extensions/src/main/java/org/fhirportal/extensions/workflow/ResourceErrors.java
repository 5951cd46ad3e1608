package org.fhirportal.extensions.workflow;

import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The 4xx answers to a write (create, update) that a workflow refuses: an OperationOutcome whose issue names the
 * offending element of the written resource by its FHIRPath ({@code Task.status}), in its diagnostics and as the
 * issue's {@code expression}. {@link OperationErrors} is the counterpart for operation parameters.
 */
public final class ResourceErrors {

	private ResourceErrors() {}

	/** 422: the element's new value breaks a rule of the workflow whatever the resource's state. */
	public static UnprocessableEntityException unprocessable(String expression, String message) {
		return new UnprocessableEntityException(text(expression, message), outcome(expression, message, OperationOutcome.IssueType.BUSINESSRULE));
	}

	/** 409: the element's new value does not follow from the resource's current state. */
	public static ResourceVersionConflictException conflict(String expression, String message) {
		return new ResourceVersionConflictException(text(expression, message), outcome(expression, message, OperationOutcome.IssueType.CONFLICT));
	}

	private static String text(String expression, String message) {
		return expression + ": " + message;
	}

	private static OperationOutcome outcome(String expression, String message, OperationOutcome.IssueType type) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(type)
				.setDiagnostics(text(expression, message))
				.addExpression(expression);
		return outcome;
	}
}
