package org.fhirportal.extensions.release;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Labels a new result of a held category {@link ReleasePolicy#HELD} as it is stored (an EHR pushing a pathology
 * report, say), so that patients do not see it until a clinician releases it. Results of other categories are
 * stored as they come: released at once.
 *
 * <p>A later update (an EHR's PUT or PATCH of a corrected result) keeps the hold state of the stored version: a held
 * result stays held even if the new body leaves the label out and asks for its security labels to be replaced
 * ({@code X-Meta-Snapshot-Mode: SECURITY_LABEL}), and a released result stays released even if the body carries
 * the label back (a copy read before the release). Only {@code $release} changes the state.
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
			hold(resource);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void resourceUpdated(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
		if (oldResource == null || newResource == null || !ReleasePolicy.RESULT_TYPES.contains(newResource.fhirType())) {
			return;
		}
		boolean wasHeld = ReleasePolicy.isHeld(oldResource);
		if (wasHeld && !ReleasePolicy.isHeld(newResource)) {
			hold(newResource);
		} else if (!wasHeld) {
			newResource.getMeta().getSecurity().removeIf(ReleaseHoldLabeler::isHeldLabel);
		}
	}

	private static void hold(IBaseResource resource) {
		resource.getMeta().addSecurity().setSystem(ReleasePolicy.HELD.getSystem()).setCode(ReleasePolicy.HELD.getCode())
				.setDisplay(ReleasePolicy.HELD.getDisplay());
	}

	private static boolean isHeldLabel(IBaseCoding label) {
		return ReleasePolicy.HELD.getSystem().equals(label.getSystem()) && ReleasePolicy.HELD.getCode().equals(label.getCode());
	}
}
