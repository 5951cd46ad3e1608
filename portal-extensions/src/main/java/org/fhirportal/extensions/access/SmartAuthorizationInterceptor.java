package org.fhirportal.extensions.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The guard of the FHIR endpoint: HAPI's {@link AuthorizationInterceptor}, with rules built per request from the
 * validated token's {@link SmartAccessContext} by {@link PatientCompartmentRules}. A request without an access
 * context (which the resource server lets through only for public paths) gets the capability statement only.
 */
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

	private final List<OperationRules> operationRules;

	public SmartAuthorizationInterceptor() {
		this(List.of());
	}

	public SmartAuthorizationInterceptor(List<OperationRules> operationRules) {
		super(PolicyEnum.DENY);
		this.operationRules = List.copyOf(operationRules);
	}

	@Override
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		return currentAccess()
				.map(access -> PatientCompartmentRules.forContext(access, operationRules))
				.orElseGet(() -> new RuleBuilder().allow("capabilities").metadata().andThen().denyAll("no access token").build());
	}

	static Optional<SmartAccessContext> currentAccess() {
		return SecurityContextHolder.getContext().getAuthentication() instanceof SmartAccessAuthentication token
				? Optional.of(token.accessContext())
				: Optional.empty();
	}
}
