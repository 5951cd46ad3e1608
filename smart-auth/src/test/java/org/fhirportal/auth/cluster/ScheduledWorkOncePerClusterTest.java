package org.fhirportal.auth.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.fhirportal.auth.client.UsedClientAssertions;
import org.fhirportal.auth.launch.JdbcEhrLaunches;
import org.fhirportal.auth.revocation.RevokedGrants;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.fhirportal.auth.revocation.RotatedRefreshTokens;
import org.fhirportal.auth.server.ExpiredRecordsJanitor;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes (two application contexts with the authorization server's scheduler lock) on one database: the hourly
 * purge of expired records runs on one of them per hour, whichever asks first, not on each.
 */
class ScheduledWorkOncePerClusterTest {

	private JdbcDataSource database;
	private JdbcTemplate jdbc;
	private AnnotationConfigApplicationContext nodeA;
	private AnnotationConfigApplicationContext nodeB;

	@BeforeEach
	void twoNodesOnOneDatabase() {
		database = new JdbcDataSource();
		database.setURL("jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(database).locations("classpath:db/migration/h2").load().migrate();
		jdbc = new JdbcTemplate(database);
		nodeA = node();
		nodeB = node();
	}

	@AfterEach
	void stop() {
		nodeA.close();
		nodeB.close();
		jdbc.execute("SHUTDOWN");
	}

	@Test
	void purgeWhenAnotherNodePurgedThisHourThenSkipsAndLeavesTheRowsForTheNextHour() {
		revokedLongAgo("first");
		nodeA.getBean(ExpiredRecordsJanitor.class).purge();
		assertThat(revocations()).as("the first node purged").isZero();

		revokedLongAgo("second");
		nodeB.getBean(ExpiredRecordsJanitor.class).purge();
		nodeA.getBean(ExpiredRecordsJanitor.class).purge();

		assertThat(revocations()).as("neither node purges again within the hour").isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM shedlock WHERE name = ? AND lock_until > CURRENT_TIMESTAMP + INTERVAL '49' MINUTE",
				Integer.class, ExpiredRecordsJanitor.LOCK)).as("the lock is held for at least 50 minutes").isEqualTo(1);
	}

	@Test
	void purgeWhenTheLockHasRunOutThenTheOtherNodePurges() {
		nodeA.getBean(ExpiredRecordsJanitor.class).purge();
		// no API ends a lock early: an hour passing is the lock row's time running out
		jdbc.update("UPDATE shedlock SET lock_until = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE WHERE name = ?", ExpiredRecordsJanitor.LOCK);
		revokedLongAgo("next-hour");

		nodeB.getBean(ExpiredRecordsJanitor.class).purge();

		assertThat(revocations()).isZero();
	}

	/** No API revokes a token that has already expired: the repository writes the row, as a revocation of last week would have. */
	private void revokedLongAgo(String jti) {
		new RevokedTokens(jdbc, Clock.systemUTC()).revoke(jti, Instant.now().minus(Duration.ofDays(7)));
	}

	private int revocations() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM smart_revoked_token", Integer.class);
	}

	private AnnotationConfigApplicationContext node() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(DataSource.class, () -> database);
		context.register(Node.class);
		context.refresh();
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@Import(SchedulerLockConfig.class)
	static class Node {

		@Bean
		ExpiredRecordsJanitor janitor(DataSource dataSource) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			Clock clock = Clock.systemUTC();
			return new ExpiredRecordsJanitor(new RevokedTokens(jdbc, clock), new UsedClientAssertions(jdbc, clock),
					new JdbcEhrLaunches(jdbc, Duration.ofMinutes(5), clock), new RotatedRefreshTokens(jdbc, clock),
					new RevokedGrants(jdbc, clock, Duration.ofDays(1)));
		}
	}
}
