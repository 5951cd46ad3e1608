package org.fhirportal.server;

import java.nio.file.Path;
import org.fhirportal.server.support.FreshPostgresDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same server contract on PostgreSQL (the {@code postgres} profile), in a fresh database per run. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresFhirServerTest extends FhirServerContractTest {

	@TempDir
	static Path dataDir;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		FreshPostgresDatabase database = FreshPostgresDatabase.create();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
		registry.add("portal.data-dir", dataDir::toString);
	}
}
