package org.fhirportal.extensions.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.auth.scope.ScopeAccess;
import org.fhirportal.auth.scope.ScopeQuery;

/**
 * Adds a granular scope's query to a type search it constrains ({@code GET /Observation} with only
 * {@code patient/Observation.rs?category=...|laboratory} becomes {@code GET /Observation?category=...|laboratory}),
 * so the search returns what the token may see instead of being refused for what it may not. Only when one query
 * constrains the type (several are OR-ed, which search parameters cannot express). A convenience only: the guard
 * checks every result against the scopes. Hand-written: HAPI's SearchNarrowingInterceptor narrows by compartment
 * and value set, not by arbitrary search parameters.
 */
public class ScopeQueryNarrowingInterceptor {

	private final AccessReachResolver reachResolver;

	public ScopeQueryNarrowingInterceptor(AccessReachResolver reachResolver) {
		this.reachResolver = Objects.requireNonNull(reachResolver, "reachResolver");
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean incomingRequestPostProcessed(RequestDetails request) {
		if (request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE && request.getResourceName() != null) {
			SmartAuthorizationInterceptor.currentAccess().ifPresent(access -> handleSearch(request, access));
		}
		return true;
	}

	private void handleSearch(RequestDetails request, SmartAccessContext access) {
		AccessReaches reaches = SmartAuthorizationInterceptor.reaches(request, access, reachResolver);
		List<ScopeQuery> constraints = new ArrayList<>();
		for (Context context : Context.values()) {
			if (reaches.of(context).isNone()) {
				continue;
			}
			ScopeAccess granted = access.scopes().access(context, request.getResourceName(), Permission.SEARCH);
			if (granted.unrestricted()) {
				return;
			}
			granted.constraints().stream().filter(q -> !constraints.contains(q)).forEach(constraints::add);
		}
		if (constraints.size() == 1) {
			Map<String, String[]> parameters = new HashMap<>(request.getParameters());
			constraints.get(0).parameters().forEach((name, values) -> values.forEach(value -> parameters.merge(name, new String[] {value},
					(old, added) -> concat(old, added))));
			request.setParameters(parameters);
		}
	}

	private static String[] concat(String[] first, String[] second) {
		String[] joined = java.util.Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, joined, first.length, second.length);
		return joined;
	}
}
