package org.fhirportal.server;

import org.fhirportal.server.support.FreshPostgresDatabase;
import org.fhirportal.server.support.PortalServerTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same server contract on PostgreSQL (the {@code postgres} profile), in a fresh database per run. */
@PortalServerTest
@ActiveProfiles("postgres")
class PostgresFhirServerTest extends FhirServerContractTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		FreshPostgresDatabase database = FreshPostgresDatabase.create();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
	}
}
