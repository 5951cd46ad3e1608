package org.fhirportal.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** The 422 outcome points at the missing element, not only at its parent. */
class ValidationOutcomesTest {

	@Test
	void missingElementWhenReportedOnItsParentThenExpressionNamesTheElement() {
		OperationOutcome outcome = outcome("Communication",
				"Communication.subject: minimum required = 1, but only found 0 (from http://x/portal-message|0.1.0)");

		ValidationOutcomes.pointAtElements(outcome);

		assertThat(outcome.getIssueFirstRep().getExpression()).extracting(StringType::getValue)
				.containsExactly("Communication.subject", "Communication");
	}

	@Test
	void issueWhenAlreadyOnTheElementThenUnchanged() {
		OperationOutcome outcome = outcome("Task.status", "The value provided ('draft') was not found in the value set");

		ValidationOutcomes.pointAtElements(outcome);

		assertThat(outcome.getIssueFirstRep().getExpression()).extracting(StringType::getValue)
				.containsExactly("Task.status");
	}

	@Test
	void invariantWhenReportedOnTheResourceThenUnchanged() {
		OperationOutcome outcome = outcome("Appointment",
				"Constraint failed: portal-appointment-2: 'A booked appointment has a start, an end and the slot it takes'");

		ValidationOutcomes.pointAtElements(outcome);

		assertThat(outcome.getIssueFirstRep().getExpression()).extracting(StringType::getValue)
				.containsExactly("Appointment");
	}

	private static OperationOutcome outcome(String expression, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.PROCESSING)
				.setDiagnostics(diagnostics).addExpression(expression);
		return outcome;
	}
}
