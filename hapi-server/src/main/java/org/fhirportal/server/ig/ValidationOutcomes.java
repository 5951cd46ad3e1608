package org.fhirportal.server.ig;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;

/**
 * Makes the validator's OperationOutcome point at the offending element. The FHIR validator reports a missing
 * required element on its parent ({@code expression: Communication}) and names the element only in the text
 * ({@code "Communication.subject: minimum required = 1, but only found 0"}); a client that highlights fields
 * needs {@code expression: Communication.subject}, so that path goes first in the issue's expression.
 */
final class ValidationOutcomes {

	/** An element path at the start of a message: {@code Type.element(.child)*:}, with optional [n] indexes. */
	private static final Pattern LEADING_PATH = Pattern.compile("^([A-Z][A-Za-z]+(?:\\.[A-Za-z][A-Za-z0-9]*(?:\\[\\d+])?)+): ");

	private ValidationOutcomes() {}

	/** Adds the element named at the start of an issue's text as the issue's first expression, when it is deeper. */
	static IBaseOperationOutcome pointAtElements(IBaseOperationOutcome outcome) {
		if (outcome instanceof OperationOutcome r4) {
			r4.getIssue().forEach(ValidationOutcomes::pointAtElement);
		}
		return outcome;
	}

	private static void pointAtElement(OperationOutcome.OperationOutcomeIssueComponent issue) {
		Matcher path = LEADING_PATH.matcher(issue.getDiagnostics() == null ? "" : issue.getDiagnostics());
		if (!path.find()) {
			return;
		}
		String element = path.group(1);
		List<StringType> expressions = issue.getExpression();
		boolean deeper = expressions.isEmpty()
				|| expressions.stream().anyMatch(e -> element.startsWith(e.getValue() + ".") && !element.equals(e.getValue()));
		boolean present = expressions.stream().anyMatch(e -> element.equals(e.getValue()));
		if (deeper && !present) {
			expressions.add(0, new StringType(element));
		}
	}
}
