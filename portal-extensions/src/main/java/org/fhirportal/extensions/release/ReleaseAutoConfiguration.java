package org.fhirportal.extensions.release;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.fhirportal.auth.scope.Permission;
import java.util.Optional;
import org.fhirportal.extensions.access.AccessReachResolver;
import org.fhirportal.extensions.access.OperationRules;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Release of results: the hold labeler, the patient-side guards ({@link HeldResultsGuard} for reads, includes and
 * everything else the storage layer hands out, {@link HeldResultsSearchFilter} for search results and totals) and the {@code $release} operation. The guards are on whatever the policy, so a
 * result held under an earlier configuration stays held until released.
 */
@AutoConfiguration
@ConditionalOnClass(DaoRegistry.class)
@ConditionalOnProperty(name = {"smart.auth.enabled", "portal.workflows.enabled"}, havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ReleaseProperties.class)
public class ReleaseAutoConfiguration {

	@Bean
	ReleaseOperations releaseOperations(DaoRegistry daos, ObjectProvider<AccessReachResolver> reach, ApplicationEventPublisher events) {
		return new ReleaseOperations(daos, Optional.ofNullable(reach.getIfAvailable()), events);
	}

	@Bean
	FhirEndpointContribution releaseEndpoint(ReleaseProperties properties, ReleaseOperations operations) {
		return server -> {
			// Registered whatever the policy: a result held under an earlier configuration stays held through updates.
			server.registerInterceptor(new ReleaseHoldLabeler(new ReleasePolicy(properties)));
			server.registerInterceptor(new HeldResultsSearchFilter());
			server.registerInterceptor(new HeldResultsGuard());
			server.registerProvider(operations);
		};
	}

	@Bean
	OperationRules releaseOperationRules() {
		return (rules, access) -> {
			Caller caller = new Caller(access);
			if (!caller.isStaff()) {
				return;
			}
			for (Class<? extends Resource> type : java.util.List.of(Observation.class, DiagnosticReport.class, DocumentReference.class)) {
				if (caller.may(type.getSimpleName(), Permission.UPDATE)) {
					rules.allow("release " + type.getSimpleName()).operation().named("$release").onInstancesOfType(type)
							.andAllowAllResponses().andThen();
				}
			}
		};
	}
}
