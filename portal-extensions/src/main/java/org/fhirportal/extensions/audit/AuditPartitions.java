package org.fhirportal.extensions.audit;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps monthly partitions of {@code portal_audit_event} ahead of time on PostgreSQL (the current month and the
 * next {@code portal.audit.partition-months-ahead}), so rows land in their month's partition and old months can
 * be detached and archived whole. Rows of a month without partition go to the DEFAULT partition; a month whose
 * rows already sit there is left alone (PostgreSQL refuses the overlap) and logged. Nothing to do on H2.
 */
final class AuditPartitions {

	private static final Logger log = LoggerFactory.getLogger(AuditPartitions.class);

	private final JdbcTemplate jdbc;
	private final boolean postgres;
	private final int monthsAhead;

	AuditPartitions(JdbcTemplate jdbc, boolean postgres, int monthsAhead) {
		this.jdbc = jdbc;
		this.postgres = postgres;
		this.monthsAhead = monthsAhead;
	}

	void ensure() {
		if (!postgres) {
			return;
		}
		YearMonth now = YearMonth.now(ZoneOffset.UTC);
		for (int i = 0; i <= monthsAhead; i++) {
			create(now.plusMonths(i));
		}
	}

	private void create(YearMonth month) {
		LocalDate from = month.atDay(1);
		LocalDate to = month.plusMonths(1).atDay(1);
		String name = String.format("portal_audit_event_y%04dm%02d", month.getYear(), month.getMonthValue());
		try {
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF portal_audit_event FOR VALUES FROM ('"
					+ from + " 00:00:00+00') TO ('" + to + " 00:00:00+00')");
		} catch (DataAccessException e) {
			log.warn("Audit partition {} not created (rows of that month already in the default partition?): {}", name,
					e.getMostSpecificCause().getMessage());
		}
	}
}
