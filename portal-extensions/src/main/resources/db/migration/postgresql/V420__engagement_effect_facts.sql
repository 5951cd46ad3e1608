-- Engagement effect ($engagement-effect): the clinical facts behind the outcomes refill-adherence, lab-follow-up and
-- hba1c-change and the active-conditions covariate, one compact row per FHIR resource, kept in step with the
-- resources by EffectProjection in the writing transaction. kind: dispense (MedicationDispense: occurred_at =
-- whenHandedOver, amount = daysSupply in days), med-order (MedicationRequest: flag = status active), lab (laboratory
-- Observation: occurred_at = effective time, code = LOINC code, amount = valueQuantity, flag = out of range),
-- encounter (Encounter: occurred_at = period.start), condition (an active Condition: occurred_at = onset or
-- recordedDate, flag = diabetes).
CREATE TABLE portal_effect_fact (
    ref         VARCHAR(100) NOT NULL,
    patient_id  VARCHAR(64)  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    occurred_at TIMESTAMP(3) WITH TIME ZONE,
    code        VARCHAR(64),
    amount      DOUBLE PRECISION,
    flag        BOOLEAN      NOT NULL,
    PRIMARY KEY (ref)
);
CREATE INDEX portal_effect_fact_kind_time ON portal_effect_fact (kind, occurred_at);
