package org.fhirportal.extensions.workflow;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The 4xx answers of the workflow operations: an OperationOutcome whose issue names the offending parameter, in
 * its diagnostics and as a FHIRPath {@code expression} into the operation's input Parameters.
 */
public final class OperationErrors {

	private OperationErrors() {}

	/** 400: the parameter is missing or malformed. */
	public static InvalidRequestException invalid(String parameter, String message) {
		return new InvalidRequestException(text(parameter, message), outcome(parameter, message, OperationOutcome.IssueType.INVALID));
	}

	/** 422: the parameter is well formed but names something the operation cannot act on. */
	public static UnprocessableEntityException unprocessable(String parameter, String message) {
		return new UnprocessableEntityException(text(parameter, message), outcome(parameter, message, OperationOutcome.IssueType.BUSINESSRULE));
	}

	/** 409: the state changed under the caller (slot taken, request already pending). */
	public static ResourceVersionConflictException conflict(String parameter, String message) {
		return new ResourceVersionConflictException(text(parameter, message), outcome(parameter, message, OperationOutcome.IssueType.CONFLICT));
	}

	/** The FHIRPath of an input parameter of an operation. */
	public static String expression(String parameter) {
		return "Parameters.parameter.where(name = '" + parameter + "')";
	}

	private static String text(String parameter, String message) {
		return "Parameter '" + parameter + "': " + message;
	}

	private static OperationOutcome outcome(String parameter, String message, OperationOutcome.IssueType type) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(type)
				.setDiagnostics(text(parameter, message))
				.addExpression(expression(parameter));
		return outcome;
	}
}
