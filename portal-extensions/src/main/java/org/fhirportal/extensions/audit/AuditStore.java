package org.fhirportal.extensions.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The portal's append-only audit store with a group commit: callers hand over the records of one response and
 * block until they are committed; a single writer thread takes whatever is queued (up to
 * {@code portal.audit.batch-size} records, from many concurrent requests) and writes it in one transaction with
 * one batched insert, so that a commit's cost is shared by every request waiting on it. Every
 * {@link AuditBatchListener} runs inside that transaction. A failed commit fails every waiting caller, which then
 * refuses its response (fail-closed). A batch is durable before its callers are released: on PostgreSQL by its commit,
 * on an H2 file database by the {@link AuditJournal write-ahead journal} (replayed at start after a crash).
 *
 * <p>Hand-written: neither HAPI (its BALP sinks are fire-and-forget, see {@link ReadAuditInterceptor}) nor Spring
 * offers a group-committing writer.
 */
public final class AuditStore implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditStore.class);

	private static final long JOURNAL_LIMIT = 16L * 1024 * 1024;

	private record Pending(List<AuditRecord> records, CompletableFuture<Void> committed) {}

	private final AuditRows rows;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final List<AuditBatchListener> listeners;
	private final AuditProperties properties;
	private final AuditPartitions partitions;
	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
	private final AtomicInteger queuedRecords = new AtomicInteger();
	private final AuditJournal journal;
	private volatile boolean running;
	private Thread writer;
	private long lastBatch;
	private long lastCheckpoint = System.nanoTime();

	public AuditStore(DataSource dataSource, List<AuditBatchListener> listeners, AuditProperties properties) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = new JdbcTemplate(dataSource);
		this.rows = new AuditRows(jdbc);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.listeners = List.copyOf(listeners);
		this.properties = Objects.requireNonNull(properties, "properties");
		this.partitions = new AuditPartitions(jdbc, rows.isPostgres(), properties.partitionMonthsAhead());
		this.journal = rows.isPostgres() ? null
				: AuditJournal.besideH2Database(rows.url()).map(file -> new AuditJournal(file, properties.journalSync())).orElse(null);
	}

	/** Queues the records; the future completes once they are committed, or fails if they cannot be. */
	public CompletableFuture<Void> append(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		if (!running) {
			return CompletableFuture.failedFuture(new IllegalStateException("the audit store is not running"));
		}
		if (queuedRecords.addAndGet(records.size()) > properties.queueCapacity()) {
			queuedRecords.addAndGet(-records.size());
			return CompletableFuture.failedFuture(new IllegalStateException(
					"more than portal.audit.queue-capacity=" + properties.queueCapacity() + " audit records wait for the database"));
		}
		Pending pending = new Pending(List.copyOf(records), new CompletableFuture<>());
		queue.add(pending);
		return pending.committed();
	}

	/**
	 * Appends and waits for the commit, at most {@code portal.audit.commit-timeout}.
	 *
	 * @throws AuditStoreUnavailableException if the records are not committed in time
	 */
	public void appendAndWait(List<AuditRecord> records) {
		try {
			append(records).get(properties.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AuditStoreUnavailableException("interrupted while the audit record was written", e);
		} catch (ExecutionException e) {
			throw new AuditStoreUnavailableException("the audit store cannot write: " + e.getCause().getMessage(), e.getCause());
		} catch (TimeoutException e) {
			throw new AuditStoreUnavailableException("the audit store did not commit within " + properties.commitTimeout(), e);
		}
	}

	/** The stored rows, for the AuditEvent provider and the access log. */
	AuditRows rows() {
		return rows;
	}

	@Override
	public synchronized void start() {
		if (running) {
			return;
		}
		partitions.ensure();
		if (journal != null) {
			recover();
		}
		running = true;
		writer = new Thread(this::writeLoop, "portal-audit-writer");
		writer.setDaemon(true);
		writer.start();
	}

	@Override
	public synchronized void stop() {
		running = false;
		if (writer != null) {
			try {
				writer.join(Duration.ofSeconds(30).toMillis());
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			writer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Starts before, and stops after, the web server (whose lifecycle phases are just below MAX_VALUE). */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 4096;
	}

	private void writeLoop() {
		long lastPartitionCheck = System.nanoTime();
		while (running || !queue.isEmpty()) {
			try {
				Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first != null) {
					write(collectBatch(first));
				}
				checkpointWhenDue(false);
				if (System.nanoTime() - lastPartitionCheck > TimeUnit.HOURS.toNanos(12)) {
					partitions.ensure();
					lastPartitionCheck = System.nanoTime();
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			} catch (RuntimeException e) {
				log.error("Audit writer loop failed; continuing", e);
			}
		}
		checkpointWhenDue(true);
	}

	private List<Pending> collectBatch(Pending first) throws InterruptedException {
		List<Pending> batch = new ArrayList<>();
		batch.add(first);
		int size = first.records().size();
		long deadline = System.nanoTime() + properties.maxBatchDelay().toNanos();
		while (size < properties.batchSize()) {
			long wait = deadline - System.nanoTime();
			Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
			if (next == null) {
				break;
			}
			batch.add(next);
			size += next.records().size();
		}
		return batch;
	}

	private void write(List<Pending> batch) {
		List<AuditRecord> records = new ArrayList<>();
		batch.forEach(pending -> records.addAll(pending.records()));
		queuedRecords.addAndGet(-records.size());
		try {
			commit(lastBatch + 1, records, true);
			batch.forEach(pending -> pending.committed().complete(null));
		} catch (RuntimeException | IOException e) {
			log.error("Could not write {} audit records; their responses are refused", records.size(), e);
			batch.forEach(pending -> pending.committed().completeExceptionally(e));
		}
	}

	/**
	 * Commits one batch and makes it durable. With a journal the batch's number is committed with it, and the batch
	 * is journalled after the commit (unless it is being replayed from the journal): a crash before the append loses
	 * only records whose responses were not sent.
	 */
	private void commit(long sequence, List<AuditRecord> records, boolean toJournal) throws IOException {
		transactions.executeWithoutResult(status -> {
			rows.insert(records);
			if (journal != null) {
				rows.markJournalledBatch(sequence);
			}
			listeners.forEach(listener -> listener.written(records, jdbc));
		});
		lastBatch = sequence;
		if (journal != null && toJournal) {
			journal.append(sequence, records);
		}
	}

	/** Replays the journalled batches the H2 database did not keep when the process died; then empties the journal. */
	private void recover() {
		try {
			List<AuditJournal.Batch> batches = journal.read();
			lastBatch = rows.lastJournalledBatch();
			int replayed = 0;
			for (AuditJournal.Batch batch : batches) {
				if (batch.sequence() > lastBatch) {
					commit(batch.sequence(), batch.records(), false);
					replayed += batch.records().size();
				}
			}
			if (!batches.isEmpty()) {
				log.info("Audit journal {}: {} batches found, {} records replayed that the database had not kept", journal.file(),
						batches.size(), replayed);
			}
			checkpointWhenDue(true);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot replay the audit journal " + journal.file(), e);
		}
	}

	/**
	 * Makes H2 write the journalled rows to its own file and empties the journal, every
	 * {@code portal.audit.journal-checkpoint-interval}, when the journal grows past {@value #JOURNAL_LIMIT} bytes,
	 * and at start and stop. A failed checkpoint keeps the journal.
	 */
	private void checkpointWhenDue(boolean now) {
		if (journal == null || journal.size() == 0) {
			return;
		}
		boolean due = now || journal.size() > JOURNAL_LIMIT
				|| System.nanoTime() - lastCheckpoint > properties.journalCheckpointInterval().toNanos();
		if (!due) {
			return;
		}
		try {
			rows.checkpoint();
			journal.clear();
			lastCheckpoint = System.nanoTime();
		} catch (RuntimeException | IOException e) {
			log.error("Could not checkpoint the audit rows; the journal {} keeps them", journal.file(), e);
		}
	}
}
