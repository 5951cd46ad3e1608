package org.fhirportal.extensions.export;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.extensions.access.OperationRules;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Lets whoever started a bulk export follow it and download its files, whatever their scopes' reach: the status
 * operation (whose job {@link ExportJobOwnershipInterceptor} checks) and reads of exactly the Binaries listed in
 * the reports of the caller's own jobs. A patient's export files are Binaries outside the patient compartment, so
 * without this a patient could start an export of their record but never fetch it.
 */
final class ExportFileRules implements OperationRules {

	private final ExportJobOwners owners;
	private final IJobCoordinator jobs;

	ExportFileRules(ExportJobOwners owners, IJobCoordinator jobs) {
		this.owners = Objects.requireNonNull(owners, "owners");
		this.jobs = Objects.requireNonNull(jobs, "jobs");
	}

	@Override
	public void addTo(RuleBuilder rules, SmartAccessContext access) {
		rules.allow("status of own bulk exports").operation().named(ExportJobOwnershipInterceptor.POLL_STATUS).onServer()
				.andAllowAllResponses().andThen();
		rules.allow("files of own bulk exports").read().resourcesOfType("Binary").withAnyId()
				.withTester(new OwnExportFile()).andThen();
	}

	/** True when the Binary read is a file of one of the current caller's export jobs. */
	boolean isOwnExportFile(IIdType binaryId) {
		if (binaryId == null || !binaryId.hasIdPart()) {
			return false;
		}
		Optional<SmartAccessContext> access = Caller.currentAccess();
		if (access.isEmpty()) {
			return false;
		}
		Pattern file = Pattern.compile("Binary/" + Pattern.quote(binaryId.getIdPart()) + "(?![A-Za-z0-9.\\-])");
		for (String jobId : owners.recentJobs(access.get())) {
			String report = report(jobId);
			if (report != null && file.matcher(report).find()) {
				return true;
			}
		}
		return false;
	}

	private String report(String jobId) {
		try {
			JobInstance instance = jobs.getInstance(jobId);
			return instance == null ? null : instance.getReport();
		} catch (ResourceNotFoundException expiredOrUnknown) {
			return null;
		}
	}

	private final class OwnExportFile implements IAuthRuleTester {

		@Override
		public boolean matches(RuleTestRequest request) {
			IIdType id = request.resourceId != null ? request.resourceId
					: request.resource == null ? null : request.resource.getIdElement();
			return isOwnExportFile(id);
		}

		@Override
		public boolean matchesOutput(RuleTestRequest request) {
			IBaseResource resource = request.resource;
			return resource != null && isOwnExportFile(resource.getIdElement());
		}
	}
}
