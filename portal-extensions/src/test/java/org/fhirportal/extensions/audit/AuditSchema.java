package org.fhirportal.extensions.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.jdbc.core.JdbcTemplate;

/** The audit store's real H2 migrations, run on a test database (the same scripts Flyway runs in the server). */
final class AuditSchema {

	private static final String[] SCRIPTS = {"V200__audit_store.sql", "V201__audit_journal.sql"};

	private AuditSchema() {}

	static void create(JdbcTemplate jdbc) throws IOException {
		for (String name : SCRIPTS) {
			try (InputStream script = AuditSchema.class.getResourceAsStream("/db/migration/h2/" + name)) {
				String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
				for (String statement : sql.split(";")) {
					if (!statement.isBlank()) {
						jdbc.execute(statement);
					}
				}
			}
		}
	}
}
