package org.fhirportal.auth.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's {@link ClusterEvents}: PostgreSQL {@code LISTEN}/{@code NOTIFY} when the database is PostgreSQL (where
 * several nodes may share it), in process otherwise (H2 serves one node).
 */
@Configuration(proxyBeanMethods = false)
public class ClusterEventsConfig {

	/** How long the listening connection waits for notifications before it looks again (the bound is this plus delivery). */
	static final Duration POLL = Duration.ofMillis(250);

	@Bean
	@ConditionalOnMissingBean
	public ClusterEvents clusterEvents(DataSource dataSource) {
		return isPostgres(dataSource) ? new PostgresClusterEvents(dataSource, POLL) : new LocalClusterEvents();
	}

	private static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
		} catch (SQLException e) {
			throw new IllegalStateException("the database did not say which it is: " + e.getMessage(), e);
		}
	}
}
