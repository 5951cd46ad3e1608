-- Engagement effect ($engagement-effect): each patient's successful sign-ins per calendar month (UTC), the exposure
-- the effect estimators read, kept by EffectSignInRecorder in each audit batch's transaction; so that an estimate
-- over 100,000 patients reads some 600,000 rows instead of counting millions of audit records. Filled here from
-- the audit trail already stored.
CREATE TABLE portal_effect_sign_in_month (
    patient_id  VARCHAR(64) NOT NULL,
    month_start DATE        NOT NULL,
    sign_ins    INTEGER     NOT NULL,
    PRIMARY KEY (patient_id, month_start)
);
CREATE INDEX portal_effect_sign_in_month_month ON portal_effect_sign_in_month (month_start);
INSERT INTO portal_effect_sign_in_month (patient_id, month_start, sign_ins)
SELECT a.patient_id, CAST(date_trunc('month', a.recorded AT TIME ZONE 'UTC') AS DATE), COUNT(*)
FROM portal_audit_event a
WHERE a.kind = 'security' AND a.subtype = 'sign_in' AND a.outcome = 0 AND a.user_type = 'Patient' AND a.patient_id IS NOT NULL
GROUP BY 1, 2;
