package org.fhirportal.extensions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The group-commit audit store on a real (in-memory H2) database with the real schema: concurrent records share
 * a transaction, listeners run inside it, and a store that cannot write fails its callers instead of losing
 * records silently.
 */
class AuditStoreTest {

	private final JdbcDataSource dataSource = new JdbcDataSource();
	private JdbcTemplate jdbc;
	private AuditStore store;

	@BeforeEach
	void createSchema() throws IOException {
		dataSource.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		jdbc = new JdbcTemplate(dataSource);
		AuditSchema.create(jdbc);
	}

	@AfterEach
	void stop() {
		if (store != null) {
			store.stop();
		}
	}

	@Test
	void recordsQueuedWhileACommitRunsThenWrittenTogetherInTheNextTransaction() throws Exception {
		CountDownLatch firstBatchHeld = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> batches = new CopyOnWriteArrayList<>();
		store = start(List.of((batch, tx) -> {
			batches.add(batch.size());
			if (batches.size() == 1) {
				firstBatchHeld.countDown();
				await(release);
			}
		}), Duration.ofSeconds(30));

		CompletableFuture<Void> first = store.append(List.of(record("p0")));
		await(firstBatchHeld);
		List<CompletableFuture<Void>> others = new ArrayList<>();
		for (int i = 1; i < 50; i++) {
			others.add(store.append(List.of(record("p" + i))));
		}
		release.countDown();
		first.get(30, TimeUnit.SECONDS);
		CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

		assertThat(batches).containsExactly(1, 49);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM portal_audit_event", Integer.class)).isEqualTo(50);
	}

	@Test
	void listenerSeesItsBatchInsideTheTransaction() {
		List<Integer> visible = new CopyOnWriteArrayList<>();
		store = start(List.of((batch, tx) -> visible.add(tx.queryForObject("SELECT count(*) FROM portal_audit_event", Integer.class))),
				Duration.ofSeconds(30));

		store.appendAndWait(List.of(record("p1"), record("p2")));

		assertThat(visible).containsExactly(2);
	}

	@Test
	void listenerFailsThenNothingWrittenAndTheCallerRefused() {
		store = start(List.of((batch, tx) -> {
			throw new IllegalStateException("derived table broken");
		}), Duration.ofSeconds(30));

		assertThatThrownBy(() -> store.appendAndWait(List.of(record("p1")))).isInstanceOf(AuditStoreUnavailableException.class)
				.hasMessageContaining("derived table broken");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM portal_audit_event", Integer.class)).isZero();
	}

	@Test
	void storeCannotWriteThenTheCallerRefused() {
		store = start(List.of(), Duration.ofSeconds(30));
		jdbc.execute("DROP TABLE portal_audit_event");

		assertThatThrownBy(() -> store.appendAndWait(List.of(record("p1")))).isInstanceOf(AuditStoreUnavailableException.class);
	}

	@Test
	void storeStoppedThenTheCallerRefusedAtOnce() {
		store = start(List.of(), Duration.ofSeconds(30));
		store.stop();

		assertThatThrownBy(() -> store.appendAndWait(List.of(record("p1")))).isInstanceOf(AuditStoreUnavailableException.class)
				.hasMessageContaining("not running");
	}

	@Test
	void storedRecordsThenReadBackAsWritten() {
		store = start(List.of(), Duration.ofSeconds(30));
		AuditRecord written = record("p7");

		store.appendAndWait(List.of(written));

		StoredAuditRecord read = store.rows().search(new AuditCriteria().and(AuditCriteria.Condition.of("patient_id = ?", "p7")), true, 0, 10).get(0);
		assertThat(read.record()).usingRecursiveComparison().ignoringFields("recorded").isEqualTo(written);
		assertThat(Duration.between(written.recorded(), read.record().recorded()).abs()).isLessThan(Duration.ofMillis(1));
	}

	private AuditStore start(List<AuditBatchListener> listeners, Duration commitTimeout) {
		AuditStore started = new AuditStore(dataSource, listeners, new AuditProperties(true, 500, Duration.ZERO, commitTimeout, 1000, 2, false, Duration.ofSeconds(2)));
		started.start();
		return started;
	}

	private static AuditRecord record(String patient) {
		return new AuditRecord(Instant.now(), "read", "read", 'R', 0, Optional.of(200), Optional.of(patient), Optional.of("Patient"),
				Optional.of(patient), Optional.of("amy"), Optional.of("app"), Optional.of(UUID.randomUUID().toString()),
				Optional.of("127.0.0.1"), Optional.of("Observation/1"), List.of("Observation/1", "Observation/2"), Optional.empty());
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}
}
