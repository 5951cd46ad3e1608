package org.fhirportal.extensions.analytics;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import java.time.Clock;
import org.fhirportal.extensions.access.OperationRules;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Engagement analytics (issue 5): the {@code $engagement} operation, its authorization rule, the projections it
 * reads (kept by {@link EngagementProjection} on FHIR writes and {@link EngagementViewRecorder} on audit
 * batches). On by default; {@code portal.analytics.enabled=false} switches it off (the benchmark baseline).
 */
@AutoConfiguration(after = JdbcTemplateAutoConfiguration.class)
@ConditionalOnProperty(name = "portal.analytics.enabled", havingValue = "true", matchIfMissing = true)
public class EngagementAutoConfiguration {

	@Bean
	public EngagementTables engagementTables(JdbcTemplate jdbc) {
		return new EngagementTables(jdbc);
	}

	@Bean
	public EngagementQuery engagementQuery(JdbcTemplate jdbc) {
		return new EngagementQuery(jdbc);
	}

	@Bean
	public EngagementOperationProvider engagementOperationProvider(EngagementQuery query) {
		return new EngagementOperationProvider(query, Clock.systemUTC());
	}

	@Bean
	public FhirEndpointContribution engagementEndpoint(EngagementOperationProvider provider) {
		return server -> server.registerProvider(provider);
	}

	@Bean
	public OperationRules engagementOperationRules() {
		return new EngagementOperationRules();
	}

	@Bean
	public EngagementViewRecorder engagementViewRecorder() {
		return new EngagementViewRecorder();
	}

	@Bean
	public EngagementProjection engagementProjection(EngagementTables tables) {
		return new EngagementProjection(tables, Clock.systemUTC());
	}

	/** Registers the projection on HAPI's storage interceptor service, which every JPA write passes through. */
	@Bean
	public InitializingBean engagementProjectionRegistration(ObjectProvider<IInterceptorService> interceptors, EngagementProjection projection) {
		return () -> interceptors.ifUnique(service -> service.registerInterceptor(projection));
	}
}
