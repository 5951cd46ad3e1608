package org.fhirportal.extensions.release;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Labels a new result of a held category {@link ReleasePolicy#HELD} as it is stored (an EHR pushing a pathology
 * report, say), so that patients do not see it until a clinician releases it. Results of other categories are
 * stored as they come: released at once.
 */
@Interceptor
public final class ReleaseHoldLabeler {

	private final ReleasePolicy policy;

	ReleaseHoldLabeler(ReleasePolicy policy) {
		this.policy = Objects.requireNonNull(policy, "policy");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void resourceCreated(RequestDetails request, IBaseResource resource) {
		if (policy.mustHold(resource) && !ReleasePolicy.isHeld(resource)) {
			resource.getMeta().addSecurity().setSystem(ReleasePolicy.HELD.getSystem()).setCode(ReleasePolicy.HELD.getCode())
					.setDisplay(ReleasePolicy.HELD.getDisplay());
		}
	}
}
