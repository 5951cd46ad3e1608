package org.fhirportal.extensions.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.SmartScope;

/**
 * Narrows a search to the compartments the token reaches ({@code GET /Observation} becomes
 * {@code GET /Observation?patient=123}, or {@code patient=123,456} for a caregiver of two), so apps need not add
 * the parameter. A convenience only: the guard is {@link SmartAuthorizationInterceptor}, which checks every
 * result. Tokens that reach everything are not narrowed.
 */
public class PatientSearchNarrowingInterceptor extends SearchNarrowingInterceptor {

	private final AccessReachResolver reachResolver;

	public PatientSearchNarrowingInterceptor(AccessReachResolver reachResolver) {
		this.reachResolver = Objects.requireNonNull(reachResolver, "reachResolver");
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		return SmartAuthorizationInterceptor.currentAccess().map(access -> compartments(request, access)).orElse(null);
	}

	private AuthorizedList compartments(RequestDetails request, SmartAccessContext access) {
		AccessReaches reaches = SmartAuthorizationInterceptor.reaches(request, access, reachResolver);
		Set<String> patients = new TreeSet<>();
		for (SmartScope scope : access.scopes().resourceScopes()) {
			AccessReach reach = reaches.of(scope.context());
			if (reach.everywhere()) {
				return null;
			}
			reach.patientIds().forEach(id -> patients.add("Patient/" + id));
		}
		return patients.isEmpty() ? null : new AuthorizedList().addCompartments(patients.toArray(String[]::new));
	}
}
