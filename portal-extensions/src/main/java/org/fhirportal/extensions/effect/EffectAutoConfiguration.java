package org.fhirportal.extensions.effect;

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
 * Engagement effect analytics (issue 17): the {@code $engagement-effect} operation, its authorization rule and the
 * projections it reads (appointments, kept on FHIR writes; sign-ins per patient-month, kept on audit batches). On with the engagement analytics ({@code portal.analytics.enabled}).
 */
@AutoConfiguration(after = JdbcTemplateAutoConfiguration.class)
@ConditionalOnProperty(name = "portal.analytics.enabled", havingValue = "true", matchIfMissing = true)
public class EffectAutoConfiguration {

	@Bean
	public EffectProjection effectProjection(JdbcTemplate jdbc) {
		return new EffectProjection(new EffectTables(jdbc));
	}

	@Bean
	public EffectSignInRecorder effectSignInRecorder() {
		return new EffectSignInRecorder();
	}

	@Bean
	public EngagementEffectOperationProvider engagementEffectOperationProvider(JdbcTemplate jdbc) {
		return new EngagementEffectOperationProvider(new EffectQuery(jdbc), Clock.systemUTC());
	}

	@Bean
	public FhirEndpointContribution engagementEffectEndpoint(EngagementEffectOperationProvider provider) {
		return server -> server.registerProvider(provider);
	}

	@Bean
	public OperationRules effectOperationRules() {
		return new EffectOperationRules();
	}

	/** Registers the projection on HAPI's storage interceptor service, which every JPA write passes through. */
	@Bean
	public InitializingBean effectProjectionRegistration(ObjectProvider<IInterceptorService> interceptors, EffectProjection projection) {
		return () -> interceptors.ifUnique(service -> service.registerInterceptor(projection));
	}
}
