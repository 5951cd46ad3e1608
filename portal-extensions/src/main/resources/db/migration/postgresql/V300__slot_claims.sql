-- Booking a Slot claims one version of it: the primary key lets exactly one booking claim a given free version,
-- whichever server node it runs on. Rows are never updated or deleted: freeing a slot makes a new version.
CREATE TABLE portal_slot_claim (
    slot_id        VARCHAR(64)  NOT NULL,
    slot_version   BIGINT       NOT NULL,
    appointment_id VARCHAR(64),
    claimed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (slot_id, slot_version)
);
