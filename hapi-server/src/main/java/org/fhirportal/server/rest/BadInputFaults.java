package org.fhirportal.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.List;
import java.util.Optional;
import org.fhirportal.server.storage.StorageFullInterceptor;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Turns the faults that bad input provokes deep inside HAPI (a number too large for an id, a self-referencing
 * transaction that recurses without end, a value the database cannot hold, an XML Patch selector that matches
 * nothing, a search cancelled by the statement timeout) into the 4xx (or 503) answer they deserve, at
 * {@link Pointcut#SERVER_PRE_PROCESS_OUTGOING_EXCEPTION}, so that no client input yields a 500. The answer names
 * the kind of fault, never internal text: faults of the server itself stay 500, without the SQL some of them carry.
 */
@Interceptor
public final class BadInputFaults {

	/** What H2 and PostgreSQL say when they cancel a statement at its timeout. */
	private static final List<String> QUERY_TIMEOUT_TEXTS = List.of(
			"Statement was canceled or the session timed out", "canceling statement due to statement timeout");

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException translate(RequestDetails request, Throwable fault) {
		if (fault instanceof BaseServerResponseException answered && answered.getStatusCode() < 500
				|| StorageFullInterceptor.isStorageUnavailable(fault)) {
			return null; // a full disk is StorageFullInterceptor's 503
		}
		return cause(fault).orElseGet(() -> leaksSql(fault) ? new InternalErrorException(
				"The server failed to process the request; the details are in its log") : null);
	}

	/** A database error's text (SQL, bind positions) is for the log, not for the client. */
	private static boolean leaksSql(Throwable fault) {
		String message = String.valueOf(fault.getMessage());
		return message.contains("SQL") || message.contains("JDBC") || message.contains("No parameter labelled");
	}

	private static Optional<BaseServerResponseException> cause(Throwable fault) {
		for (Throwable cause = fault; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			Optional<BaseServerResponseException> answer = answer(cause);
			if (answer.isPresent()) {
				return answer;
			}
		}
		return Optional.empty();
	}

	private static Optional<BaseServerResponseException> answer(Throwable cause) {
		String type = cause.getClass().getName();
		if (cause instanceof StackOverflowError) {
			return Optional.of(invalid("The request's resources refer to one another in a cycle (e.g. an Organization partOf itself)"));
		}
		if (cause instanceof NumberFormatException number) {
			return Optional.of(invalid("A number in the request is malformed or out of range: " + number.getMessage()));
		}
		if (cause instanceof DataFormatException format) {
			return Optional.of(invalid("The request is malformed: " + format.getMessage()));
		}
		if (type.equals("com.github.dnault.xmlpatch.PatchException")) {
			return Optional.of(new ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException(
					"The XML Patch cannot be applied: " + cause.getMessage()));
		}
		// HAPI runs searches on its own thread and rethrows their failure by message only, hence the texts
		if (type.endsWith(".QueryTimeoutException") || cause instanceof java.sql.SQLTimeoutException
				|| QUERY_TIMEOUT_TEXTS.stream().anyMatch(String.valueOf(cause.getMessage())::contains)) {
			return Optional.of(new UnclassifiedServerFailureException(503,
					"The search took longer than the server allows and was cancelled; narrow it (fewer parameters, no sort on values)"));
		}
		if (type.equals("org.springframework.dao.InvalidDataAccessApiUsageException") && cause.getCause() instanceof IllegalArgumentException) {
			return Optional.of(invalid("The request holds a value the server cannot store or search by"));
		}
		return Optional.empty();
	}

	private static InvalidRequestException invalid(String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.INVALID).setDiagnostics(message);
		return new InvalidRequestException(message, outcome);
	}
}
