package org.fhirportal.extensions.audit;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Told of every batch the audit store writes, inside the same transaction (so derived tables, such as the
 * analytics' first-view facts, are exactly as durable as the records themselves). Must be fast and must not
 * fail for valid records: a failure here fails the whole batch, and with it the reads it audits.
 */
@FunctionalInterface
public interface AuditBatchListener {

	void written(List<AuditRecord> batch, JdbcTemplate jdbc);
}
