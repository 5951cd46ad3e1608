package org.fhirportal.extensions.access;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Patient-level access control on the FHIR endpoint: on whenever the SMART authorization server is
 * ({@code smart.auth.enabled}), and switchable for the benchmark baseline with {@code portal.access.enabled}.
 * The application registers the interceptor beans on its HAPI server.
 */
@AutoConfiguration
@ConditionalOnProperty(name = {"smart.auth.enabled", "portal.access.enabled"}, havingValue = "true", matchIfMissing = true)
public class AccessControlAutoConfiguration {

	@Bean
	public SmartAuthorizationInterceptor smartAuthorizationInterceptor(ObjectProvider<OperationRules> operationRules) {
		return new SmartAuthorizationInterceptor(operationRules.orderedStream().toList());
	}

	@Bean
	public PatientSearchNarrowingInterceptor patientSearchNarrowingInterceptor() {
		return new PatientSearchNarrowingInterceptor();
	}
}
