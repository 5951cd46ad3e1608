package org.fhirportal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fhirportal.auth.cluster.ClusterEvents;
import org.fhirportal.auth.cluster.ClusterTopic;
import org.fhirportal.auth.cluster.PostgresClusterEvents;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.FreshPostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes' {@link PostgresClusterEvents} on one real PostgreSQL database: a message published by one reaches the
 * other's listeners, and a node whose listening connection was cut listens again and is told that it may have
 * missed messages ({@link ClusterEvents#EVERYTHING}).
 */
class PostgresClusterEventsTest {

	private FreshPostgresDatabase database;
	private PGSimpleDataSource dataSource;
	private PostgresClusterEvents nodeA;
	private PostgresClusterEvents nodeB;

	@BeforeEach
	void setUp() {
		database = FreshPostgresDatabase.create();
		dataSource = new PGSimpleDataSource();
		dataSource.setUrl(database.jdbcUrl());
		dataSource.setUser(database.user());
		nodeA = new PostgresClusterEvents(dataSource, Duration.ofMillis(100));
		nodeB = new PostgresClusterEvents(dataSource, Duration.ofMillis(100));
	}

	@AfterEach
	void tearDown() {
		nodeA.stop();
		nodeB.stop();
		database.drop();
	}

	@Test
	void publishWhenOtherNodeListensThenItsListenerGetsTheKey() {
		List<String> received = new CopyOnWriteArrayList<>();
		nodeB.subscribe(ClusterTopic.CLIENTS, received::add);
		nodeB.start();
		awaitReceived(received, ClusterEvents.EVERYTHING); // listening

		nodeA.publish(ClusterTopic.CLIENTS, "client-42");

		awaitReceived(received, "client-42");
	}

	@Test
	void listenWhenConnectionIsCutThenListensAgainAndSaysEverythingMayHaveChanged() {
		List<String> received = new CopyOnWriteArrayList<>();
		nodeB.subscribe(ClusterTopic.CLIENTS, received::add);
		nodeB.start();
		awaitReceived(received, ClusterEvents.EVERYTHING);
		received.clear();

		new JdbcTemplate(dataSource).query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
				rs -> null);

		awaitReceived(received, ClusterEvents.EVERYTHING);
		nodeA.publish(ClusterTopic.CLIENTS, "client-7");
		awaitReceived(received, "client-7");
	}

	private static void awaitReceived(List<String> received, String key) {
		Await.until("the key '" + key + "' to arrive", Duration.ofSeconds(10), () -> received.contains(key) ? Optional.of(true) : Optional.empty());
	}
}
