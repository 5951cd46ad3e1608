package org.fhirportal.extensions.export;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.fhirportal.extensions.access.OperationRules;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bulk export under access control: jobs bound to who started them ({@link ExportJobOwnershipInterceptor}), and
 * their status and files open to that requester only ({@link ExportFileRules}). On whenever access control is.
 */
@AutoConfiguration
@ConditionalOnClass(IJobCoordinator.class)
@ConditionalOnProperty(name = {"smart.auth.enabled", "portal.access.enabled"}, havingValue = "true", matchIfMissing = true)
public class ExportAutoConfiguration {

	@Bean
	ExportJobOwners exportJobOwners(DataSource dataSource,
			@Value("${portal.storage.bulk-export-retention-hours:2}") long retentionHours) {
		return new ExportJobOwners(new JdbcTemplate(dataSource), Clock.systemUTC(), Duration.ofHours(Math.max(1, retentionHours)));
	}

	@Bean
	FhirEndpointContribution exportJobOwnership(ExportJobOwners owners, IJobMaintenanceService maintenance) {
		return server -> server.registerInterceptor(new ExportJobOwnershipInterceptor(owners, maintenance, Clock.systemUTC()));
	}

	@Bean
	OperationRules exportFileRules(ExportJobOwners owners, IJobCoordinator jobs) {
		return new ExportFileRules(owners, jobs);
	}
}
