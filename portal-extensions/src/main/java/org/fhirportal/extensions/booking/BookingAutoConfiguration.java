package org.fhirportal.extensions.booking;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import java.time.Clock;
import javax.sql.DataSource;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.access.OperationRules;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Slot;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Self-scheduling: the {@link SchedulingOperations} and the {@link AppointmentWriteGuard} on the FHIR endpoint, and
 * the access rules that let callers with Appointment scopes reach the operations. On with the authorization server;
 * {@code portal.workflows.enabled=false} switches the portal workflows off (benchmark baseline).
 */
@AutoConfiguration
@ConditionalOnClass(DaoRegistry.class)
@ConditionalOnProperty(name = {"smart.auth.enabled", "portal.workflows.enabled"}, havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(BookingProperties.class)
public class BookingAutoConfiguration {

	@Bean
	SchedulingOperations schedulingOperations(DaoRegistry daos, IHapiTransactionService transactions, DataSource dataSource,
			BookingProperties properties) {
		Clock clock = Clock.systemUTC();
		AppointmentBooking booking = new AppointmentBooking(daos, transactions, new SlotClaims(new JdbcTemplate(dataSource), clock), clock);
		return new SchedulingOperations(booking, new SlotFinder(daos), properties);
	}

	@Bean
	FhirEndpointContribution schedulingEndpoint(SchedulingOperations operations) {
		return server -> {
			server.registerProvider(operations);
			server.registerInterceptor(new AppointmentWriteGuard());
		};
	}

	/** The operations are reached with Appointment scopes; each then checks the patient and the slot itself. */
	@Bean
	OperationRules schedulingOperationRules() {
		return (rules, access) -> {
			Caller caller = new Caller(access);
			if (caller.may("Appointment", Permission.CREATE) || caller.may("Appointment", Permission.READ)
					|| caller.may("Slot", Permission.READ) || caller.may("Slot", Permission.SEARCH)) {
				rules.allow("find free slots").operation().named("$find").onType(Slot.class).andAllowAllResponses().andThen();
			}
			if (caller.may("Appointment", Permission.CREATE)) {
				rules.allow("book an appointment").operation().named("$book").onType(Appointment.class).andAllowAllResponses().andThen();
			}
			if (caller.may("Appointment", Permission.UPDATE)) {
				rules.allow("cancel an appointment").operation().named("$cancel").onInstancesOfType(Appointment.class)
						.andAllowAllResponses().andThen();
				rules.allow("reschedule an appointment").operation().named("$reschedule").onInstancesOfType(Appointment.class)
						.andAllowAllResponses().andThen();
			}
		};
	}
}
