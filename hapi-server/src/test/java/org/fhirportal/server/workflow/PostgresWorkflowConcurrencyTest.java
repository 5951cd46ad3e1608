package org.fhirportal.server.workflow;

import org.fhirportal.server.support.FreshPostgresDatabase;
import org.fhirportal.server.support.PortalServerTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The workflows' one-winner guarantees on PostgreSQL, in a fresh database. */
@PortalServerTest
@ActiveProfiles("postgres")
class PostgresWorkflowConcurrencyTest extends WorkflowConcurrencyContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		FreshPostgresDatabase database = FreshPostgresDatabase.create();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
	}
}
