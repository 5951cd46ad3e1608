package org.fhirportal.extensions.refill;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import java.time.Clock;
import javax.sql.DataSource;
import org.fhirportal.auth.scope.Permission;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.extensions.access.AccessReach;
import org.fhirportal.extensions.access.AccessReachResolver;
import org.fhirportal.extensions.access.AccessReaches;
import org.fhirportal.extensions.access.OperationRules;
import org.fhirportal.extensions.access.SharedCompartmentModifications;
import org.fhirportal.auth.resource.SmartAccessContext;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.beans.factory.ObjectProvider;
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
	RefillRequests refillRequests(DaoRegistry daos, IHapiTransactionService transactions, DataSource dataSource) {
		Clock clock = Clock.systemUTC();
		return new RefillRequests(daos, transactions, new OpenRefillRequests(new JdbcTemplate(dataSource), clock), clock);
	}

	@Bean
	RefillOperations refillOperations(RefillRequests requests, ObjectProvider<AccessReachResolver> reach) {
		return new RefillOperations(requests, Optional.ofNullable(reach.getIfAvailable()));
	}

	@Bean
	FhirEndpointContribution refillEndpoint(RefillOperations operations, RefillRequests requests) {
		return server -> {
			server.registerProvider(operations);
			server.registerInterceptor(new RefillTransitions(Clock.systemUTC()));
			server.registerInterceptor(new StaffRefillCreates(requests.openRequests(), requests::isOpen));
		};
	}

	@Bean
	OperationRules refillOperationRules() {
		return new OperationRules() {
			@Override
			public void addTo(RuleBuilder rules, SmartAccessContext access) {
				addTo(rules, access, null);
			}

			@Override
			public void addTo(RuleBuilder rules, SmartAccessContext access, AccessReaches reaches) {
				Caller caller = new Caller(access);
				if (caller.may("Task", Permission.CREATE)) {
					rules.allow("request a refill").operation().named("$request-refill").onInstancesOfType(MedicationRequest.class)
							.andAllowAllResponses().andThen();
				}
				if (!(caller.may("Task", Permission.READ) || caller.may("Task", Permission.SEARCH))) {
					return;
				}
				// Task is not in R4's Patient compartment: a caller reads the Tasks for (Task.for) the patients they reach
				// (their own record, a caregiver's granted patients, a practitioner's care relationships), or any Task when
				// their reach is everywhere (system scopes, the "all patients" policy), which the scope rules already allow.
				AccessReach readers = reached(caller, access, reaches, Permission.READ, Permission.SEARCH);
				if (readers.everywhere()) {
					return;
				}
				SharedCompartmentModifications forThePatient = SharedCompartmentModifications.including("Task", "patient");
				for (String patient : readers.patientIds().stream().sorted().toList()) {
					rules.allow("refill requests of reached patients").read().resourcesOfType(Task.class)
							.inModifiedCompartment("Patient", new IdType("Patient", patient), forThePatient)
							.andThen();
				}
				// Staff move their patients' requests on; patients and caregivers cancel theirs. RefillTransitions decides
				// which changes each may make, and refuses Task creates by patients and caregivers.
				AccessReach writers = caller.may("Task", Permission.UPDATE) ? reached(caller, access, reaches, Permission.UPDATE) : AccessReach.NONE;
				for (String patient : writers.patientIds().stream().sorted().toList()) {
					rules.allow("update refill requests of reached patients").write().resourcesOfType(Task.class)
							.inModifiedCompartment("Patient", new IdType("Patient", patient), forThePatient)
							.andThen();
				}
			}
		};
	}

	/**
	 * The patients the caller's scopes with one of the permissions on Task reach (or, without the guard's reach, the
	 * patient the token is bound to).
	 */
	private static AccessReach reached(Caller caller, SmartAccessContext access, AccessReaches reaches, Permission... permissions) {
		if (reaches == null) {
			return caller.patientId().map(Set::of).map(AccessReach::patients).orElse(AccessReach.NONE);
		}
		return reaches.covering(access, "Task", permissions);
	}
}
