package org.fhirportal.extensions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit journal's file format: what is appended is read back whole, and a torn or damaged tail is cut off. */
class AuditJournalTest {

	@TempDir
	Path dir;

	@Test
	void appendedBatchesThenReadBackInOrderWithEveryField() throws IOException {
		AuditRecord full = new AuditRecord(Instant.parse("2026-11-25T10:15:30.123456789Z"), "query", "search-type", 'E', 4,
				Optional.of(403), Optional.of("p1"), Optional.of("RelatedPerson"), Optional.of("rp9"), Optional.of("zoë"),
				Optional.of("app"), Optional.of("jti-1"), Optional.of("::1"), Optional.of("Observation?patient=p1"),
				List.of("Observation/1", "Observation/2"), Optional.of("scope denied"));
		AuditRecord bare = new AuditRecord(Instant.EPOCH, "security", "sign-in", 'E', 0, Optional.empty(), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), List.of(), Optional.empty());
		try (AuditJournal journal = new AuditJournal(dir.resolve("j"), false)) {
			journal.append(7, List.of(full, bare));
			journal.append(8, List.of(bare));
		}

		try (AuditJournal reopened = new AuditJournal(dir.resolve("j"), false)) {
			List<AuditJournal.Batch> batches = reopened.read();

			assertThat(batches).extracting(AuditJournal.Batch::sequence).containsExactly(7L, 8L);
			assertThat(batches.get(0).records()).containsExactly(full, bare);
			assertThat(batches.get(1).records()).containsExactly(bare);
		}
	}

	@Test
	void writeInterruptedMidEntryThenThatEntryDroppedAndTheFileCutAfterTheLastWholeBatch() throws IOException {
		Path file = dir.resolve("j");
		long whole = journalOfTwoBatches(file);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(Files.size(file) - 5); // the process died while the second entry was written
		}

		try (AuditJournal reopened = new AuditJournal(file, false)) {
			assertThat(reopened.read()).extracting(AuditJournal.Batch::sequence).containsExactly(1L);
			assertThat(Files.size(file)).isEqualTo(whole);
			reopened.append(3, List.of(record("p3")));
			assertThat(reopened.read()).extracting(AuditJournal.Batch::sequence).containsExactly(1L, 3L);
		}
	}

	@Test
	void entryWithADamagedByteThenReadingStopsBeforeIt() throws IOException {
		Path file = dir.resolve("j");
		long whole = journalOfTwoBatches(file);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(new byte[] {0x55}), whole + 20);
		}

		try (AuditJournal reopened = new AuditJournal(file, false)) {
			assertThat(reopened.read()).extracting(AuditJournal.Batch::sequence).containsExactly(1L);
		}
	}

	@Test
	void clearedThenNothingToReplay() throws IOException {
		try (AuditJournal journal = new AuditJournal(dir.resolve("j"), true)) {
			journal.append(1, List.of(record("p1")));
			journal.clear();

			assertThat(journal.size()).isZero();
			assertThat(journal.read()).isEmpty();
		}
	}

	@Test
	void h2FileDatabasesThenJournalBesideTheDatabaseFileOtherwiseNone() {
		assertThat(AuditJournal.besideH2Database("jdbc:h2:file:/data/h2/fhir-portal;DB_CLOSE_ON_EXIT=FALSE"))
				.contains(Path.of("/data/h2/fhir-portal.audit-journal"));
		assertThat(AuditJournal.besideH2Database("jdbc:h2:/data/db")).contains(Path.of("/data/db.audit-journal"));
		assertThat(AuditJournal.besideH2Database("jdbc:h2:file:retry:/data/db;WRITE_DELAY=0")).contains(Path.of("/data/db.audit-journal"));
		assertThat(AuditJournal.besideH2Database("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEmpty();
		assertThat(AuditJournal.besideH2Database("jdbc:h2:tcp://db:9092/fhir")).isEmpty();
		assertThat(AuditJournal.besideH2Database("jdbc:postgresql://127.0.0.1/fhir")).isEmpty();
	}

	/** Journals batches 1 and 2; returns the size of the file after the first. */
	private static long journalOfTwoBatches(Path file) throws IOException {
		try (AuditJournal journal = new AuditJournal(file, false)) {
			journal.append(1, List.of(record("p1")));
			long whole = journal.size();
			journal.append(2, List.of(record("p2")));
			return whole;
		}
	}

	private static AuditRecord record(String patient) {
		return new AuditRecord(Instant.now(), "read", "read", 'R', 0, Optional.of(200), Optional.of(patient), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.of("app"), Optional.empty(), Optional.empty(), Optional.empty(),
				List.of("Observation/1"), Optional.empty());
	}
}
