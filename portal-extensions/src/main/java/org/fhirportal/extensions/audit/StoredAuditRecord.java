package org.fhirportal.extensions.audit;

/** A record as the store keeps it: its row id (the AuditEvent's logical id) and its content. */
record StoredAuditRecord(long id, AuditRecord record) {}
