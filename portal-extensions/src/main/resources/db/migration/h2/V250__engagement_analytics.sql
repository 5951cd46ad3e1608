-- Engagement analytics ($engagement): compact projections of what the analytics count, kept in step with the
-- FHIR resources (EngagementProjection, in the writing transaction) and with the audit store
-- (EngagementViewRecorder, in the audit store's group commit).

-- The cohort attributes of every Patient resource.
CREATE TABLE portal_engagement_patient (
    patient_id   VARCHAR(64)  NOT NULL,
    birth_date   DATE,
    gender       VARCHAR(16),
    organization VARCHAR(100),
    practitioner VARCHAR(100),
    PRIMARY KEY (patient_id)
);

-- Lab results (issued), messages (sent), appointments (created) and refill requests (authored) of patients.
CREATE TABLE portal_engagement_resource (
    ref            VARCHAR(100) NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    patient_id     VARCHAR(64)  NOT NULL,
    occurred       TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    by_patient     BOOLEAN      NOT NULL,
    in_response_to VARCHAR(100),
    PRIMARY KEY (ref)
);
CREATE INDEX portal_engagement_resource_kind ON portal_engagement_resource (kind, occurred);
CREATE INDEX portal_engagement_resource_reply ON portal_engagement_resource (in_response_to);

-- When a patient (or caregiver) first had each DiagnosticReport returned.
CREATE TABLE portal_engagement_first_view (
    ref          VARCHAR(100) NOT NULL,
    patient_id   VARCHAR(64)  NOT NULL,
    first_viewed TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (ref)
);

-- Patients' (and caregivers') views per patient, UTC day and kind of data.
CREATE TABLE portal_engagement_daily_views (
    patient_id VARCHAR(64) NOT NULL,
    view_day   DATE        NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    views      INTEGER     NOT NULL,
    PRIMARY KEY (patient_id, view_day, kind)
);
CREATE INDEX portal_engagement_daily_views_day ON portal_engagement_daily_views (view_day);

-- Successful sign-ins of patients, the figure every engagement measure starts from (H2 has no partial index).
CREATE INDEX portal_audit_event_kind ON portal_audit_event (kind, subtype, recorded);
