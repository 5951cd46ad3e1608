package org.fhirportal.extensions.messaging;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import java.time.Clock;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.access.OperationRules;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Secure messaging on Communication: the write rules, read receipts (which do not notify subscribers again) and
 * patient subscription rules on the FHIR
 * endpoint, and the access rule that lets a patient who may read their messages create a Subscription (which
 * {@link PatientSubscriptionRules} then limits to their own messages). Messages themselves are written and read
 * through the ordinary REST interactions, within the token's scopes.
 */
@AutoConfiguration
@ConditionalOnClass(DaoRegistry.class)
@ConditionalOnProperty(name = {"smart.auth.enabled", "portal.workflows.enabled"}, havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

	@Bean
	FhirEndpointContribution messagingEndpoint(DaoRegistry daos, MessagingProperties properties) {
		return server -> {
			server.registerInterceptor(new MessageWriteRules(daos, new CareTeamDirectory(daos), properties));
			server.registerInterceptor(new ReadReceipts(daos, Clock.systemUTC()));
			server.registerInterceptor(new PatientSubscriptionRules());
		};
	}

	@Bean
	OperationRules messagingOperationRules() {
		return (rules, access) -> {
			Caller caller = new Caller(access);
			if (caller.isPatientSide() && (caller.may("Communication", Permission.READ) || caller.may("Communication", Permission.SEARCH))) {
				rules.allow("subscribe to own messages").create().resourcesOfType(Subscription.class).withAnyId().andThen();
			}
			if (caller.isPatientSide() && caller.may("Subscription", Permission.READ) && caller.patientId().isPresent()) {
				// Subscriptions are in no patient's compartment: the patient reads those to their own messages
				String patient = caller.patientId().get();
				rules.allow("read own message subscriptions").read().resourcesOfType(Subscription.class).withAnyId()
						.withTester(new IAuthRuleTester() {
							@Override
							public boolean matchesOutput(IAuthRuleTester.RuleTestRequest request) {
								return PatientSubscriptionRules.isToOwnMessages(patient, request.resource);
							}
						}).andThen();
			}
		};
	}
}
