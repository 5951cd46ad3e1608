package org.fhirportal.extensions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit store on a real H2 file database that dies without writing its last changes ({@code SHUTDOWN
 * IMMEDIATELY}: H2 closes its files as a killed process would leave them; the database stays open between
 * connections, as under the server's pool, and its write delay is long enough that its
 * background writer keeps nothing either): every record whose caller was released is there after the restart,
 * exactly once, and the batch listeners saw the replayed ones.
 */
class AuditJournalRecoveryTest {

	@TempDir
	Path dir;

	private final JdbcDataSource dataSource = new JdbcDataSource();
	private final List<AuditStore> stores = new ArrayList<>();
	private JdbcTemplate jdbc;

	@BeforeEach
	void createDatabase() throws IOException {
		dataSource.setURL("jdbc:h2:file:" + dir.resolve("portal") + ";WRITE_DELAY=600000;DB_CLOSE_DELAY=-1");
		jdbc = new JdbcTemplate(dataSource);
		AuditSchema.create(jdbc);
		jdbc.execute("CHECKPOINT");
	}

	@AfterEach
	void stopStores() {
		stores.forEach(AuditStore::stop);
	}

	@Test
	void databaseDiedBeforeWritingTheLastBatchesThenTheyAreReplayedFromTheJournalOnce() {
		AuditStore first = start(List.of());
		for (int i = 0; i < 5; i++) {
			first.appendAndWait(List.of(record("kept" + i), record("kept" + i)));
		}
		jdbc.execute("CHECKPOINT"); // H2 holds these five batches, the journal still has them too
		for (int i = 0; i < 7; i++) {
			first.appendAndWait(List.of(record("lost" + i)));
		}
		assertThat(Files.exists(dir.resolve("portal.audit-journal"))).isTrue();
		jdbc.execute("SHUTDOWN IMMEDIATELY");

		AtomicInteger replayedToListener = new AtomicInteger();
		start(List.of((batch, tx) -> replayedToListener.addAndGet(batch.size())));

		assertThat(count("patient_id LIKE 'kept%'")).isEqualTo(10);
		assertThat(count("patient_id LIKE 'lost%'")).isEqualTo(7);
		assertThat(replayedToListener).hasValue(7);
		assertThat(jdbc.queryForObject("SELECT last_batch FROM portal_audit_journal", Long.class)).isEqualTo(12L);
	}

	@Test
	void storeStoppedThenTheDatabaseHoldsEverythingAndTheJournalIsEmpty() throws IOException {
		AuditStore store = start(List.of());
		store.appendAndWait(List.of(record("a"), record("b")));
		assertThat(Files.size(dir.resolve("portal.audit-journal"))).isPositive();

		store.stop();

		assertThat(Files.size(dir.resolve("portal.audit-journal"))).isZero();
		jdbc.execute("SHUTDOWN IMMEDIATELY");
		assertThat(count("patient_id IN ('a', 'b')")).isEqualTo(2);
	}

	private AuditStore start(List<AuditBatchListener> listeners) {
		AuditStore store = new AuditStore(dataSource, listeners,
				new AuditProperties(true, 500, Duration.ZERO, Duration.ofSeconds(30), 1000, 2, false, Duration.ofHours(1)));
		store.start();
		stores.add(store);
		return store;
	}

	private int count(String where) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM portal_audit_event WHERE " + where, Integer.class);
	}

	private static AuditRecord record(String patient) {
		return new AuditRecord(Instant.now(), "read", "read", 'R', 0, Optional.of(200), Optional.of(patient), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.of("app"), Optional.empty(), Optional.empty(), Optional.empty(),
				List.of("Observation/1"), Optional.empty());
	}
}
