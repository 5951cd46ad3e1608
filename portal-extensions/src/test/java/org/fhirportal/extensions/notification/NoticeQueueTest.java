package org.fhirportal.extensions.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The notice outbox on a real H2 database with its real migration: concurrent claims (as several server nodes make
 * them) hand each notice to one claimer; rows another node holds are skipped, not waited for; a failed notice comes
 * back after its backoff with its tries counted; equal pending notices are absorbed.
 */
class NoticeQueueTest {

	private final JdbcDataSource dataSource = new JdbcDataSource();
	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-08T10:00:00Z"));
	private JdbcTemplate jdbc;
	private NoticeQueue queue;

	@BeforeEach
	void setUp() throws IOException {
		dataSource.setURL("jdbc:h2:mem:notices-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
		jdbc = new JdbcTemplate(dataSource);
		try (InputStream script = getClass().getResourceAsStream("/db/migration/h2/V500__patient_notices.sql")) {
			String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
			for (String statement : sql.split(";")) {
				if (!statement.isBlank()) {
					jdbc.execute(statement);
				}
			}
		}
		queue = new NoticeQueue(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock);
	}

	@Test
	void claimWhenFourNodesClaimAtOnceThenEveryNoticeIsClaimedByExactlyOne() throws Exception {
		for (int i = 0; i < 60; i++) {
			queue.enqueue("p" + i, NoticeKind.MESSAGE, null);
		}
		List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
		ExecutorService nodes = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int node = 0; node < 4; node++) {
				runs.add(nodes.submit(() -> {
					List<NoticeQueue.Claimed> batch;
					while (!(batch = queue.claimDue(4, Duration.ofMinutes(5))).isEmpty()) {
						batch.forEach(notice -> claimed.add(notice.id()));
					}
				}));
			}
			for (Future<?> run : runs) {
				run.get();
			}
		} finally {
			nodes.shutdownNow();
		}

		assertThat(claimed).hasSize(60).doesNotHaveDuplicates();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM portal_notice WHERE attempts = 1", Integer.class)).isEqualTo(60);
	}

	@Test
	void claimWhenAnotherNodeHoldsARowThenTheOthersAreClaimedWithoutWaiting() throws Exception {
		queue.enqueue("held", NoticeKind.MESSAGE, null);
		queue.enqueue("free", NoticeKind.MESSAGE, null);
		try (Connection otherNode = dataSource.getConnection()) {
			otherNode.setAutoCommit(false);
			try (ResultSet locked = otherNode.createStatement().executeQuery("SELECT id FROM portal_notice WHERE patient_id = 'held' FOR UPDATE")) {
				assertThat(locked.next()).isTrue();
			}
			long started = System.nanoTime();

			List<NoticeQueue.Claimed> claimed = queue.claimDue(10, Duration.ofMinutes(5));

			assertThat(claimed).extracting(NoticeQueue.Claimed::patientId).containsExactly("free");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not waiting for the lock").isLessThan(Duration.ofSeconds(5));
			otherNode.rollback();
		}
		assertThat(queue.claimDue(10, Duration.ofMinutes(5))).extracting(NoticeQueue.Claimed::patientId).containsExactly("held");
	}

	@Test
	void failedWhenBackoffHasPassedThenClaimedAgainWithTheTryCounted() {
		queue.enqueue("p1", NoticeKind.RESULTS, null);
		NoticeQueue.Claimed first = queue.claimDue(10, Duration.ofMinutes(5)).get(0);

		queue.failed(first, Duration.ofMinutes(1), "connection refused");

		assertThat(queue.claimDue(10, Duration.ofMinutes(5))).as("before the backoff").isEmpty();
		clock.advance(Duration.ofMinutes(1));
		List<NoticeQueue.Claimed> again = queue.claimDue(10, Duration.ofMinutes(5));
		assertThat(again).extracting(NoticeQueue.Claimed::attempts).containsExactly(2);
		queue.sent(again.get(0));
		clock.advance(Duration.ofHours(1));
		assertThat(queue.claimDue(10, Duration.ofMinutes(5))).as("once sent").isEmpty();
		assertThat(jdbc.queryForObject("SELECT status FROM portal_notice", String.class)).isEqualTo("sent");
	}

	@Test
	void postponeWhenNotTriedThenBackAfterTheWaitWithItsTriesUncounted() {
		queue.enqueue("p1", NoticeKind.MESSAGE, null);
		NoticeQueue.Claimed untried = queue.claimDue(10, Duration.ofMinutes(5)).get(0);

		queue.postpone(untried, Duration.ofSeconds(30));

		assertThat(queue.claimDue(10, Duration.ofMinutes(5))).isEmpty();
		clock.advance(Duration.ofSeconds(30));
		assertThat(queue.claimDue(10, Duration.ofMinutes(5))).extracting(NoticeQueue.Claimed::attempts).containsExactly(1);
	}

	@Test
	void claimWhenClaimTimeoutPassesWithoutAnAnswerThenClaimedAgain() {
		queue.enqueue("p1", NoticeKind.MESSAGE, null);
		assertThat(queue.claimDue(10, Duration.ofMinutes(5))).hasSize(1);

		clock.advance(Duration.ofMinutes(5));

		assertThat(queue.claimDue(10, Duration.ofMinutes(5))).as("the node that claimed it stopped").hasSize(1);
	}

	@Test
	void enqueueWhenSameKindPendingOrSameKeyRaisedThenAbsorbed() {
		assertThat(queue.enqueue("p1", NoticeKind.MESSAGE, null)).isTrue();
		assertThat(queue.enqueue("p1", NoticeKind.MESSAGE, null)).as("same kind pending").isFalse();
		assertThat(queue.enqueue("p1", NoticeKind.REFILL, null)).as("another kind").isTrue();
		assertThat(queue.enqueue("p1", NoticeKind.APPOINTMENT, "appointment:7:p1:2026-12-09")).isTrue();
		assertThat(queue.enqueue("p1", NoticeKind.APPOINTMENT, "appointment:8:p1:2026-12-09")).as("another appointment").isTrue();
		queue.claimDue(10, Duration.ofMinutes(5)).forEach(queue::sent);

		assertThat(queue.enqueue("p1", NoticeKind.APPOINTMENT, "appointment:7:p1:2026-12-09")).as("same key, even once sent").isFalse();
		assertThat(queue.enqueue("p1", NoticeKind.MESSAGE, null)).as("after the first was sent").isTrue();
	}

	/** A clock the test moves on; one per test instance. */
	private static final class MovableClock extends Clock {
		private volatile Instant now;

		MovableClock(Instant start) {
			this.now = start;
		}

		void advance(Duration by) {
			now = now.plus(by);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	}
}
