-- ShedLock's lock rows: a scheduled task runs on the node that holds its row until lock_until (ExpiredRecordsJanitor).
CREATE TABLE shedlock (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP NOT NULL,
    locked_at TIMESTAMP NOT NULL,
    locked_by VARCHAR(255) NOT NULL
);
