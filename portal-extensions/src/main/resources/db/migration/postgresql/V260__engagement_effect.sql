-- Engagement effect ($engagement-effect): the appointments whose outcome (kept, missed) the effect estimators read,
-- kept in step with the FHIR Appointments by EffectProjection in the writing transaction.
CREATE TABLE portal_effect_appointment (
    ref        VARCHAR(100) NOT NULL,
    patient_id VARCHAR(64)  NOT NULL,
    start_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    status     VARCHAR(32)  NOT NULL,
    PRIMARY KEY (ref)
);
CREATE INDEX portal_effect_appointment_start ON portal_effect_appointment (start_at);
