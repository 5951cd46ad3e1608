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
}
