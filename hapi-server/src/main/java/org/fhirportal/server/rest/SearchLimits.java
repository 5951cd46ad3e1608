package org.fhirportal.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Caps what one request to {@code /fhir} may ask the database for, before HAPI plans a query
 * ({@link Pointcut#SERVER_INCOMING_REQUEST_POST_PROCESSED}), each with a 400 OperationOutcome naming the parameter
 * and the property that sets the limit: the number of {@code _sort} keys (a 200-key sort spools without bound to
 * H2's temporary files), of {@code _include}/{@code _revinclude} values, of query parameter values in all, and the
 * paging parameters {@code _count} (a whole number, at least 0) and {@code _offset} (0 to
 * {@code portal.fhir.limits.max-offset}: HAPI's paging arithmetic overflows near {@code Integer.MAX_VALUE}).
 * Also refuses {@code _sort} by the composite {@code code-value-quantity}: HAPI sorts composites by joining every
 * component index of every candidate, which takes seconds over a modest database, and the result order is not
 * meaningful across codes anyway.
 */
@Interceptor
public final class SearchLimits {

	private static final Set<String> UNSORTABLE = Set.of("code-value-quantity", "component-code-value-quantity",
			"combo-code-value-quantity", "code-value-concept", "code-value-string", "code-value-date");

	private final FhirLimitsProperties limits;

	public SearchLimits(FhirLimitsProperties limits) {
		this.limits = Objects.requireNonNull(limits, "limits");
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean incomingRequest(RequestDetails request) {
		handleParameters(request.getParameters());
		return true;
	}

	private void handleParameters(Map<String, String[]> parameters) {
		if (parameters == null || parameters.isEmpty()) {
			return;
		}
		int values = parameters.values().stream().mapToInt(v -> v.length).sum();
		if (values > limits.maxSearchParameters()) {
			throw refused(null, "A request may carry at most " + limits.maxSearchParameters()
					+ " parameter values (portal.fhir.limits.max-search-parameters); this one carries " + values);
		}
		String[] sort = parameters.get(Constants.PARAM_SORT);
		if (sort != null) {
			String[] keys = Arrays.stream(sort).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(k -> !k.isEmpty())
					.toArray(String[]::new);
			if (keys.length > limits.maxSortKeys()) {
				throw refused(Constants.PARAM_SORT, "at most " + limits.maxSortKeys() + " sort keys (portal.fhir.limits.max-sort-keys); "
						+ keys.length + " given");
			}
			for (String key : keys) {
				if (UNSORTABLE.contains(key.startsWith("-") ? key.substring(1) : key)) {
					throw refused(Constants.PARAM_SORT, "sorting by the composite search parameter '" + key + "' is not supported; sort by "
							+ "a simple parameter (e.g. date, code) and filter by the composite instead");
				}
			}
		}
		int includes = parameters.entrySet().stream()
				.filter(e -> e.getKey().startsWith(Constants.PARAM_INCLUDE) || e.getKey().startsWith(Constants.PARAM_REVINCLUDE))
				.mapToInt(e -> e.getValue().length).sum();
		if (includes > limits.maxIncludes()) {
			throw refused(Constants.PARAM_INCLUDE, "at most " + limits.maxIncludes() + " _include and _revinclude values together "
					+ "(portal.fhir.limits.max-includes); " + includes + " given");
		}
		wholeNumber(parameters, Constants.PARAM_COUNT, Integer.MAX_VALUE, null);
		wholeNumber(parameters, Constants.PARAM_OFFSET, limits.maxOffset(), "portal.fhir.limits.max-offset");
	}

	private static void wholeNumber(Map<String, String[]> parameters, String name, int max, String property) {
		String[] given = parameters.get(name);
		if (given == null) {
			return;
		}
		if (given.length > 1) {
			throw refused(name, "may be given once; given " + given.length + " times", OperationOutcome.IssueType.INVALID);
		}
		long value;
		try {
			value = Long.parseLong(given[0].trim());
		} catch (NumberFormatException e) {
			throw refused(name, "must be a whole number, got '" + abbreviated(given[0]) + "'", OperationOutcome.IssueType.INVALID);
		}
		if (value < 0 || value > max) {
			throw refused(name, "must be between 0 and " + max + (property == null ? "" : " (" + property + ")") + ", got " + value,
					OperationOutcome.IssueType.INVALID);
		}
	}

	private static String abbreviated(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "...";
	}

	private static InvalidRequestException refused(String parameter, String message) {
		return refused(parameter, message, OperationOutcome.IssueType.TOOCOSTLY);
	}

	private static InvalidRequestException refused(String parameter, String message, OperationOutcome.IssueType code) {
		String text = parameter == null ? message : "Parameter '" + parameter + "': " + message;
		OperationOutcome outcome = new OperationOutcome();
		OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(code)
				.setDiagnostics(text);
		if (parameter != null) {
			issue.addExpression(parameter);
		}
		return new InvalidRequestException(text, outcome);
	}
}
