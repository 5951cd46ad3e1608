package org.fhirportal.extensions.export;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who started which bulk export job, in the database so that every node knows. The owner is the app and the user
 * together ({@code clientId} and token subject): another app of the same patient, or another backend client, does
 * not see the job. Rows older than the export files' retention are purged hourly.
 */
final class ExportJobOwners {

	/** Jobs of one owner that are looked at when a file is downloaded: the newest ones. */
	private static final int RECENT_JOBS = 50;

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Duration keep;
	private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

	ExportJobOwners(JdbcTemplate jdbc, Clock clock, Duration keep) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.keep = Objects.requireNonNull(keep, "keep");
	}

	static String ownerOf(SmartAccessContext access) {
		return access.clientId() + " " + access.subject();
	}

	void record(String jobId, SmartAccessContext access) {
		jdbc.update("INSERT INTO portal_export_job_owner (job_id, subject, created_at) VALUES (?, ?, ?)",
				jobId, ownerOf(access), Timestamp.from(clock.instant()));
		purgeHourly();
	}

	boolean owns(SmartAccessContext access, String jobId) {
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM portal_export_job_owner WHERE job_id = ? AND subject = ?",
				Integer.class, jobId, ownerOf(access));
		return count != null && count > 0;
	}

	/** The owner's most recent jobs, newest first. */
	List<String> recentJobs(SmartAccessContext access) {
		return jdbc.queryForList("SELECT job_id FROM portal_export_job_owner WHERE subject = ? ORDER BY created_at DESC",
				String.class, ownerOf(access)).stream().limit(RECENT_JOBS).toList();
	}

	private void purgeHourly() {
		Instant now = clock.instant();
		Instant last = lastPurge.get();
		if (now.isAfter(last.plus(Duration.ofHours(1))) && lastPurge.compareAndSet(last, now)) {
			jdbc.update("DELETE FROM portal_export_job_owner WHERE created_at < ?", Timestamp.from(now.minus(keep)));
		}
	}
}
