-- The sequence number of the last audit batch the database holds, committed in the batch's own transaction, so that
-- replay of the write-ahead journal (AuditJournal, H2 only) knows which journalled batches H2 did not keep.
CREATE TABLE portal_audit_journal (
    id         SMALLINT NOT NULL,
    last_batch BIGINT   NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO portal_audit_journal (id, last_batch) VALUES (1, 0);
