package org.fhirportal.extensions.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the durable read audit ({@code portal.audit.*}).
 *
 * @param enabled audit every FHIR response and authorization server event; {@code false} only for the benchmark
 *     baseline (the server then keeps no audit trail at all)
 * @param batchSize the most records the group-commit writer puts into one transaction
 * @param maxBatchDelay how long the writer waits for more records before committing a batch that is not full;
 *     zero commits at once (batches then form by themselves while a commit is in flight)
 * @param commitTimeout how long a response waits for its audit records to commit before it fails with 503
 * @param queueCapacity the most records waiting for the writer; beyond it responses fail with 503 at once
 * @param partitionMonthsAhead on PostgreSQL, how many monthly partitions past the current month exist
 * @param journalSync on an H2 file database, force each append of the audit journal to disk (survives a power
 *     loss, not only the death of the process, at the price of a disk flush per group commit)
 * @param journalCheckpointInterval on an H2 file database, how often the writer makes H2 write the audited rows to
 *     its file and empties the journal (also whenever the journal passes 16 MB)
 */
@Validated
@ConfigurationProperties("portal.audit")
public record AuditProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("500") @Min(value = 1, message = "portal.audit.batch-size must be at least 1")
				@Max(value = 10000, message = "portal.audit.batch-size must be at most 10000") int batchSize,
		@DefaultValue("PT0S") @NotNull(message = "portal.audit.max-batch-delay must be a duration such as PT0.002S") Duration maxBatchDelay,
		@DefaultValue("PT10S") @NotNull(message = "portal.audit.commit-timeout must be a duration such as PT10S") Duration commitTimeout,
		@DefaultValue("100000") @Min(value = 1, message = "portal.audit.queue-capacity must be at least 1") int queueCapacity,
		@DefaultValue("2") @Min(value = 1, message = "portal.audit.partition-months-ahead must be at least 1")
				@Max(value = 24, message = "portal.audit.partition-months-ahead must be at most 24") int partitionMonthsAhead,
		@DefaultValue("false") boolean journalSync,
		@DefaultValue("PT2S") @NotNull(message = "portal.audit.journal-checkpoint-interval must be a duration such as PT2S")
				Duration journalCheckpointInterval) {

	public AuditProperties {
		if (maxBatchDelay != null && (maxBatchDelay.isNegative() || maxBatchDelay.compareTo(Duration.ofSeconds(1)) > 0)) {
			throw new IllegalArgumentException("portal.audit.max-batch-delay must be between PT0S and PT1S, was " + maxBatchDelay);
		}
		if (commitTimeout != null && (commitTimeout.isNegative() || commitTimeout.isZero())) {
			throw new IllegalArgumentException("portal.audit.commit-timeout must be positive, was " + commitTimeout);
		}
		if (journalCheckpointInterval != null && (journalCheckpointInterval.isNegative() || journalCheckpointInterval.isZero())) {
			throw new IllegalArgumentException("portal.audit.journal-checkpoint-interval must be positive, was " + journalCheckpointInterval);
		}
	}
}
