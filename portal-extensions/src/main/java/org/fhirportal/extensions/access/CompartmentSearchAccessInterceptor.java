package org.fhirportal.extensions.access;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Objects;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.auth.scope.SmartScope;

/**
 * Compartment searches ({@code GET /Patient/123/Observation}) reach only the compartments the token reaches. The
 * application answers them as the type's search restricted to the compartment and marks the request with
 * {@link #COMPARTMENT_OWNER}; this interceptor refuses the search when no scope allowing a search of the type reaches
 * that patient: {@code 404} word for word as a read of a patient that does not exist (as the guard answers reads
 * of another patient's data), or {@code 403} when the token may not read the type at all. Search narrowing alone
 * would answer an empty Bundle, which tells apart patients that exist. (Narrowing still applies to compartment
 * searches of patient-facing tokens, and HAPI's guard needs its patient parameter: those get the compartment's
 * resources that reference the patient by the type's patient parameter, e.g. not an Observation whose performer only
 * is the patient.)
 */
@Interceptor
public class CompartmentSearchAccessInterceptor {

	/** Servlet request attribute: the compartment's owner ({@code Patient/123}) of a compartment search. */
	public static final String COMPARTMENT_OWNER = CompartmentSearchAccessInterceptor.class.getName() + ".owner";

	private final AccessReachResolver reachResolver;

	public CompartmentSearchAccessInterceptor(AccessReachResolver reachResolver) {
		this.reachResolver = Objects.requireNonNull(reachResolver, "reachResolver");
	}

	private static String owner(RequestDetails request) {
		return request instanceof ServletRequestDetails servlet
				&& servlet.getServletRequest().getAttribute(COMPARTMENT_OWNER) instanceof String owner ? owner : null;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void refuseUnreachedCompartment(RequestDetails request) {
		String owner = owner(request);
		if (owner != null) {
			SmartAccessContext access = SmartAuthorizationInterceptor.currentAccess()
					.orElseThrow(() -> new ForbiddenOperationException("Access denied: no access token"));
			String type = request.getResourceName();
			String patientId = owner.substring(owner.indexOf('/') + 1);
			AccessReaches reaches = SmartAuthorizationInterceptor.reaches(request, access, reachResolver);
			boolean typeSearchable = false;
			for (SmartScope scope : access.scopes().resourceScopes()) {
				if (scope.covers(scope.context(), type, Permission.SEARCH)) {
					typeSearchable = true;
					AccessReach reach = reaches.of(scope.context());
					if (reach.everywhere() || reach.patientIds().contains(patientId)) {
						return;
					}
				}
			}
			if (typeSearchable) {
				// Word for word what HAPI's JPA storage answers for an unknown id.
				throw new ResourceNotFoundException(Msg.code(2001) + "Resource " + owner + " is not known");
			}
			throw new ForbiddenOperationException("Access denied: no granted scope allows searching " + type);
		}
	}
}
