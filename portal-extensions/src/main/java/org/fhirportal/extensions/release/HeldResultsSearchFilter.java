package org.fhirportal.extensions.release;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import org.fhirportal.extensions.workflow.Caller;

/**
 * Keeps held results out of a search by anyone but staff (a patient-side search, typically) in the database query ({@code _security:not=...|held}), so
 * that they are neither returned nor counted in {@code Bundle.total} or {@code _summary=count}, and paging is not
 * thrown off by results dropped after the query. ({@link HeldResultsGuard} drops what the query returns, which alone
 * would leave totals counting held results.)
 */
@Interceptor
public final class HeldResultsSearchFilter {

	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void searchRegistered(RequestDetails request, SearchParameterMap map, ICachedSearchDetails search) {
		if (search != null && ReleasePolicy.RESULT_TYPES.contains(search.getResourceType())
				&& !Caller.currentAccess().map(Caller::new).map(Caller::isStaff).orElse(false)) {
			handlePatientSearch(map);
		}
	}

	private static void handlePatientSearch(SearchParameterMap map) {
		IQueryParameterType notHeld = new TokenParam(ReleasePolicy.HELD.getSystem(), ReleasePolicy.HELD.getCode()).setModifier(TokenParamModifier.NOT);
		map.add("_security", (TokenParam) notHeld);
	}
}
