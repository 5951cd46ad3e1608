package org.fhirportal.extensions.release;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Hides held results from every token but staff's (patients, caregivers, clients without a practitioner user or
 * system scopes) wherever the storage layer hands resources out: a read answers 404, and search results,
 * {@code _include}/{@code _revinclude} results, {@code $everything} and history leave them out.
 * {@link HeldResultsSearchFilter} keeps them out of searches in the query itself, so totals stay exact.
 *
 * <p>Hand-written on the two storage pointcuts HAPI's {@code ConsentInterceptor} uses, rather than that
 * interceptor itself: for every request it does not authorize, {@code ConsentInterceptor} clears
 * {@code Bundle.total}, and it refuses {@code _total=accurate} and {@code _summary=count} for every request,
 * staff's included, which would take unread-message counts and totals away from patients and EHRs alike.
 */
@Interceptor
public final class HeldResultsGuard {

	@Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
	public void preAccess(RequestDetails request, IPreResourceAccessDetails details) {
		if (!isStaff()) {
			for (int i = 0; i < details.size(); i++) {
				if (ReleasePolicy.isHeld(details.getResource(i))) {
					details.setDontReturnResourceAtIndex(i);
				}
			}
		}
	}

	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	public void preShow(RequestDetails request, IPreResourceShowDetails details) {
		if (!isStaff()) {
			for (int i = 0; i < details.size(); i++) {
				IBaseResource resource = details.getResource(i);
				if (resource != null && ReleasePolicy.isHeld(resource)) {
					details.setResource(i, null);
				}
			}
		}
	}

	private static boolean isStaff() {
		return Caller.currentAccess().map(Caller::new).map(Caller::isStaff).orElse(false);
	}
}
