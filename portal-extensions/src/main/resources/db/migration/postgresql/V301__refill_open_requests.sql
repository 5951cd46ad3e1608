-- At most one open refill request per MedicationRequest, whichever server node takes it: the primary key admits
-- one row; the row is replaced when the Task it names has been closed (rejected, completed, cancelled).
CREATE TABLE portal_refill_open_request (
    medication_request_id VARCHAR(64) NOT NULL PRIMARY KEY,
    task_id               VARCHAR(64),
    opened_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
