package org.fhirportal.server.ig;

import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/** Validates what the server emits as the server validates a portal write: against the portal profile it must follow. */
public final class PortalConformance {

	private PortalConformance() {}

	/** The error messages (empty when the resource conforms); the resource must be a portal write. */
	public static List<String> problems(PortalProfileValidatingInterceptor validation, Resource resource) {
		Resource copy = resource.copy();
		copy.setId(resource.getIdElement().toUnqualifiedVersionless());
		return validation.check(new SystemRequestDetails(), copy)
				.map(IRepositoryValidatingRule.RuleEvaluation::getOperationOutcome)
				.map(outcome -> ((OperationOutcome) outcome).getIssue().stream()
						.filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
								|| issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
						.map(issue -> issue.getDiagnostics() + " @ " + issue.getExpression()).toList())
				.orElse(List.of());
	}
}
