package org.fhirportal.extensions.refill;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import java.time.Clock;
import javax.sql.DataSource;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.access.OperationRules;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refill requests: {@link RefillOperations} on the FHIR endpoint, and access rules that let callers with Task
 * create scopes reach it and let a patient read the refill requests made for them (Task is not in FHIR R4's
 * Patient compartment, so the patient's Tasks are those whose {@code patient} (Task.for) is the patient).
 */
@AutoConfiguration
@ConditionalOnClass(DaoRegistry.class)
@ConditionalOnProperty(name = {"smart.auth.enabled", "portal.workflows.enabled"}, havingValue = "true", matchIfMissing = true)
public class RefillAutoConfiguration {

	@Bean
	RefillOperations refillOperations(DaoRegistry daos, IHapiTransactionService transactions, DataSource dataSource) {
		Clock clock = Clock.systemUTC();
		return new RefillOperations(new RefillRequests(daos, transactions, new OpenRefillRequests(new JdbcTemplate(dataSource), clock), clock));
	}

	@Bean
	FhirEndpointContribution refillEndpoint(RefillOperations operations) {
		return server -> server.registerProvider(operations);
	}

	@Bean
	OperationRules refillOperationRules() {
		return (rules, access) -> {
			Caller caller = new Caller(access);
			if (caller.may("Task", Permission.CREATE)) {
				rules.allow("request a refill").operation().named("$request-refill").onInstancesOfType(MedicationRequest.class)
						.andAllowAllResponses().andThen();
			}
			if (caller.isPatientSide() && (caller.may("Task", Permission.READ) || caller.may("Task", Permission.SEARCH))) {
				CompartmentSearchParameterModifications forThePatient = new CompartmentSearchParameterModifications();
				forThePatient.addSPToIncludeInCompartment("Task", "patient");
				rules.allow("own refill requests").read().resourcesOfType(Task.class)
						.inModifiedCompartment("Patient", new IdType("Patient", caller.patientId().orElseThrow()), forThePatient)
						.andThen();
			}
		};
	}
}
