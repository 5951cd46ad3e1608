package org.fhirportal.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away PostgreSQL database for one test class, created on the server named by the system property
 * {@code portal.test.postgres.url} (default {@code jdbc:postgresql://127.0.0.1:5432/}, user {@code postgres},
 * trust auth as {@code .ci/run} sets it up) and dropped again at the end of the test run.
 * No PostgreSQL answering is a test failure, not a skip: CI starts one.
 */
public final class FreshPostgresDatabase {

	private final String serverUrl;
	private final String user;
	private final String name;

	private FreshPostgresDatabase(String serverUrl, String user, String name) {
		this.serverUrl = serverUrl;
		this.user = user;
		this.name = name;
	}

	public static FreshPostgresDatabase create() {
		String serverUrl = System.getProperty("portal.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
		String user = System.getProperty("portal.test.postgres.user", "postgres");
		FreshPostgresDatabase db = new FreshPostgresDatabase(
				serverUrl, user, "fhirportal_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
		db.execute("CREATE DATABASE " + db.name);
		Runtime.getRuntime().addShutdownHook(new Thread(db::drop, "drop-" + db.name));
		return db;
	}

	public String jdbcUrl() {
		return serverUrl + name;
	}

	public String user() {
		return user;
	}

	public void drop() {
		execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
	}

	private void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(serverUrl + "postgres", user, "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		} catch (SQLException e) {
			throw new IllegalStateException("PostgreSQL at " + serverUrl + " refused '" + sql + "': " + e.getMessage(), e);
		}
	}
}
