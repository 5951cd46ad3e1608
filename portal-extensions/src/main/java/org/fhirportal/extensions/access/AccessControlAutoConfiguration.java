package org.fhirportal.extensions.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import java.time.Clock;
import java.util.Set;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.ProxyGrants;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Patient-level access control on the FHIR endpoint: on whenever the SMART authorization server is
 * ({@code smart.auth.enabled}), and switchable for the benchmark baseline with {@code portal.access.enabled}.
 * The application registers the guard and the compartment narrowing interceptor on its HAPI server; the scope
 * query narrowing, compartment search access, AuditEvent hiding and page ownership interceptors come in as {@link FhirEndpointContribution}s.
 */
@AutoConfiguration
@ConditionalOnProperty(name = {"smart.auth.enabled", "portal.access.enabled"}, havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(AccessProperties.class)
public class AccessControlAutoConfiguration {

	@Bean
	public AccessReachResolver accessReachResolver(AccessProperties properties, ObjectProvider<ProxyGrants> proxyGrants,
			ObjectProvider<DaoRegistry> daos) {
		ProxyGrants grants = proxyGrants.getIfAvailable();
		DaoRegistry registry = daos.getIfAvailable();
		CareRelationships relationships = registry == null ? practitioner -> Set.of() : new HapiCareRelationships(registry);
		return new AccessReachResolver(grants == null ? username -> Set.of() : grants::patientsInForce, relationships,
				properties.practitionerReach());
	}

	@Bean
	public AnalystAccounts analystAccounts(ObjectProvider<JdbcPortalUsers> users) {
		JdbcPortalUsers accounts = users.getIfAvailable();
		return accounts == null
				? AnalystAccounts.NONE
				: subject -> accounts.find(subject).filter(user -> user.role() == PortalRole.ANALYST).isPresent();
	}

	@Bean
	public SmartAuthorizationInterceptor smartAuthorizationInterceptor(AccessProperties properties, AccessReachResolver reachResolver,
			ObjectProvider<OperationRules> operationRules, ObjectProvider<SearchParamMatcher> searchParamMatcher) {
		SmartAuthorizationInterceptor guard = new SmartAuthorizationInterceptor(
				new PatientCompartmentRules(properties, operationRules.orderedStream().toList()), reachResolver);
		// Granular scopes are enforced with HAPI's filter rules, matched in memory against each resource.
		searchParamMatcher.ifAvailable(matcher -> guard.setAuthorizationSearchParamMatcher(new AuthorizationSearchParamMatcher(matcher)));
		return guard;
	}

	@Bean
	public PatientSearchNarrowingInterceptor patientSearchNarrowingInterceptor(AccessReachResolver reachResolver) {
		return new PatientSearchNarrowingInterceptor(reachResolver);
	}

	@Bean
	public FhirEndpointContribution scopeQueryNarrowing(AccessReachResolver reachResolver) {
		return server -> server.registerInterceptor(new ScopeQueryNarrowingInterceptor(reachResolver));
	}

	@Bean
	public FhirEndpointContribution compartmentSearchAccess(AccessReachResolver reachResolver) {
		return server -> server.registerInterceptor(new CompartmentSearchAccessInterceptor(reachResolver));
	}

	@Bean
	public FhirEndpointContribution auditEventHiding(AccessReachResolver reachResolver) {
		return server -> server.registerInterceptor(new AuditEventHidingInterceptor(reachResolver));
	}

	@Bean
	public FhirEndpointContribution searchPageOwnership(ObjectProvider<JdbcTemplate> jdbc) {
		return server -> jdbc.ifAvailable(template -> server.registerInterceptor(new SearchPageOwnershipInterceptor(template, Clock.systemUTC())));
	}
}
