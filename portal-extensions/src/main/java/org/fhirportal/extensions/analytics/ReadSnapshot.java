package org.fhirportal.extensions.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Runs a report's queries on one connection, in one read-only REPEATABLE READ transaction, so that its figures come
 * from one snapshot; on PostgreSQL with transaction-local settings first ({@code SET LOCAL ...}, gone at commit),
 * e.g. JIT compilation off, which costs more than it saves on short aggregate queries.
 */
public final class ReadSnapshot {

	private ReadSnapshot() {
	}

	/**
	 * @param postgresSettings statements run first on PostgreSQL only, such as {@code SET LOCAL jit = off}
	 * @param work the queries, given a JdbcTemplate on the snapshot's connection
	 */
	public static <T> T run(JdbcTemplate jdbc, List<String> postgresSettings, Function<JdbcTemplate, T> work) {
		return jdbc.execute((ConnectionCallback<T>) connection -> {
			boolean autoCommit = connection.getAutoCommit();
			int isolation = connection.getTransactionIsolation();
			boolean readOnly = connection.isReadOnly();
			try {
				connection.setAutoCommit(false);
				connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
				connection.setReadOnly(true);
				JdbcTemplate snapshot = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
				if (connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
					postgresSettings.forEach(snapshot::execute);
				}
				T result = work.apply(snapshot);
				connection.commit();
				return result;
			} catch (RuntimeException | SQLException e) {
				connection.rollback();
				throw e;
			} finally {
				connection.setReadOnly(readOnly);
				connection.setTransactionIsolation(isolation);
				connection.setAutoCommit(autoCommit);
			}
		});
	}
}
