package org.fhirportal.extensions.access;

import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import org.fhirportal.auth.resource.SmartAccessContext;

/**
 * Authorization rules that a portal feature adds for its own operations (access log, engagement analytics,
 * scheduling, refills). {@link SmartAuthorizationInterceptor} asks every bean of this type, per request, after the
 * scope rules and before the final deny; a contribution adds only {@code allow} (or {@code deny}) rules for the
 * operations it owns and leaves everything else to the scope rules.
 */
@FunctionalInterface
public interface OperationRules {

	void addTo(RuleBuilder rules, SmartAccessContext access);

	/**
	 * As {@link #addTo(RuleBuilder, SmartAccessContext)}, given the token's reach that the guard has already resolved
	 * for this request: a contribution that needs whose data the caller reaches uses it rather than resolving it again
	 * (proxy grants and care relationships cost database lookups on every request).
	 */
	default void addTo(RuleBuilder rules, SmartAccessContext access, AccessReaches reaches) {
		addTo(rules, access);
	}
}
