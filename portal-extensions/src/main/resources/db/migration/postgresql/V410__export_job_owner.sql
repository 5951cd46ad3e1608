-- Who started each bulk export: HAPI's status links carry only the job id, so access control binds each job to the
-- token subject that started it; only that subject may poll or cancel the job and download its files.
CREATE TABLE portal_export_job_owner (
    job_id varchar(100) PRIMARY KEY,
    subject varchar(200) NOT NULL,
    created_at timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL
);
CREATE INDEX portal_export_job_owner_subject ON portal_export_job_owner (subject, created_at);
