-- The activity of bench/effect.sh, written straight into the tables $engagement-effect reads, and the projections
-- the server keeps of them (set-up only: no API writes audit records, and 840,000 appointments and 10 million audit records through FHIR would take hours here;
-- the benchmark measures the operation, not ingestion). Deterministic: every draw is a hash of (row key, salt, seed),
-- so the same settings give the same rows whatever plan PostgreSQL picks.
--
--   psql -v prefix=eb -v patients=100000 -v seed=42 -v first=2025-12-01 -v months=12 -v effect=-0.04 \
--        -v organizations=20 -v sql_patients=true -f bench/src/effect-load.sql
--
-- The population mirrors PlantedEffects (portal-extensions, analytics.synthetic), the ground truth of the server
-- tests: P(portal user) = expit(1.2 - 0.06 (age - 50)); users enrol (first sign-in) before the panel (10 %) or in its
-- first six months (the baseline of the default request), then sign in most months (active with probability
-- 0.80-0.95, 1 + geometric(mean 2.8) sessions, each with a token, 1-5 reads or searches and now and then a failed
-- sign-in first); others never sign in (a quarter of them hold a dormant account). An appointment starts 7 days after
-- it is made, in 7 patient-months of 10; 4 % are cancelled; those due before the end are a no-show with probability
-- 0.15 + 0.004 age + effect · 1{portal user enrolled before its start}, otherwise fulfilled. So older patients use the
-- portal less and miss more whatever they do: the naive difference overstates the effect, the estimators must adjust.
\set ON_ERROR_STOP on
\timing on
SET client_min_messages = warning;
SET TIME ZONE 'UTC';

-- A uniform draw in [0, 1) from a row key and a salt (hashint8extended: PostgreSQL 11+).
CREATE FUNCTION pg_temp.u(k bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(k, salt) & 4503599627370495)::float8 / 4503599627370496.0 $$;

SELECT :'first'::date AS first_day, (:'first'::date + make_interval(months => :months))::date AS end_day,
       :seed::bigint * 1000 AS salt \gset

-- Monthly audit partitions for the panel and the month before it, as the audit store creates them ahead of time.
SELECT format('CREATE TABLE IF NOT EXISTS portal_audit_event_y%sm%s PARTITION OF portal_audit_event FOR VALUES FROM (%L) TO (%L)',
              to_char(m, 'YYYY'), to_char(m, 'MM'), m::date || ' 00:00:00+00', (m + interval '1 month')::date || ' 00:00:00+00')
FROM generate_series(:'first_day'::date - interval '1 month', :'end_day'::date - interval '1 month', interval '1 month') m
\gexec

-- Patients, when they were not loaded through FHIR (their projection, as EngagementProjection keeps it).
INSERT INTO portal_engagement_patient (patient_id, birth_date, gender, organization, practitioner)
SELECT :'prefix' || '-p' || i,
       date '1930-01-01' + floor(pg_temp.u(i, :salt + 1) * 90 * 365)::int,
       CASE WHEN g < 0.48 THEN 'female' WHEN g < 0.96 THEN 'male' WHEN g < 0.98 THEN 'other' ELSE 'unknown' END,
       'Organization/' || :'prefix' || '-org' || floor(pg_temp.u(i, :salt + 3) * :organizations)::int,
       'Practitioner/' || :'prefix' || '-gp' || floor(pg_temp.u(i, :salt + 4) * 200)::int
FROM generate_series(0, :patients - 1) i, LATERAL (SELECT pg_temp.u(i, :salt + 2) AS g) d
WHERE :sql_patients;

-- Each patient's latent state: age at the first month, portal user or not, enrolment, how often they use it.
CREATE TEMP TABLE bench_patient AS
SELECT i, id, age, is_user,
       CASE WHEN NOT is_user THEN NULL
            WHEN pg_temp.u(i, :salt + 6) < 0.1 THEN :'first_day'::timestamptz - (1 + 27 * pg_temp.u(i, :salt + 7)) * interval '1 day'
            ELSE :'first_day'::timestamptz + pg_temp.u(i, :salt + 7) * (:'first_day'::timestamptz + interval '6 months' - :'first_day'::timestamptz)
       END AS enrolled,
       CASE WHEN is_user THEN 0.8 + 0.15 * pg_temp.u(i, :salt + 8) ELSE 0 END AS use,
       NOT is_user AND pg_temp.u(i, :salt + 9) < 0.25 AS dormant
FROM (SELECT substring(patient_id FROM length(:'prefix') + 3)::bigint AS i, patient_id AS id,
             (:'first_day'::date - birth_date) / 365.25 AS age
      FROM portal_engagement_patient WHERE patient_id LIKE :'prefix' || '-p%') p,
     LATERAL (SELECT pg_temp.u(i, :salt + 5) < 1 / (1 + exp(-(1.2 - 0.06 * (age - 50)))) AS is_user) d;

-- Portal accounts of users (created at enrolment) and dormant accounts (created a year before the panel).
INSERT INTO portal_user (username, password_hash, role, fhir_user, display_name, created_at)
SELECT :'prefix' || '.patient' || i, '!synthetic', 'PATIENT', 'Patient/' || id, 'Synthetic patient',
       coalesce(enrolled, :'first_day'::timestamptz - interval '1 year')
FROM bench_patient WHERE is_user OR dormant;

-- Sessions: the enrolment sign-in, then in each month after enrolment, if active, 1 + geometric(mean 2.8) more.
CREATE TEMP TABLE bench_session AS
SELECT i, id, enrolled AS at FROM bench_patient WHERE is_user
UNION ALL
SELECT p.i, p.id, greatest(ms, p.enrolled) + pg_temp.u(p.i * 4096 + m * 64 + s, :salt + 12) * (me - greatest(ms, p.enrolled))
FROM bench_patient p
CROSS JOIN LATERAL generate_series(0, :months - 1) m
CROSS JOIN LATERAL (SELECT :'first_day'::timestamptz + m * interval '1 month' AS ms,
                           :'first_day'::timestamptz + (m + 1) * interval '1 month' AS me) b
CROSS JOIN LATERAL generate_series(1, least(30, 1 + floor(ln(1 - pg_temp.u(p.i * 64 + m, :salt + 11)) / ln(1 - 1 / 3.8))::int)) s
WHERE p.is_user AND me > p.enrolled AND pg_temp.u(p.i * 64 + m, :salt + 10) < p.use;

-- The audit trail of the sessions: a failed sign-in now and then, the sign-in, its token, 1-5 reads or searches.
INSERT INTO portal_audit_event (recorded, kind, subtype, action, outcome, http_status, patient_id, user_type, user_id,
                                username, client_id, token_jti, source_address, query, returned, detail)
SELECT date_trunc('milliseconds', r.recorded), r.kind, r.subtype, r.action, r.outcome, r.http_status, s.id, 'Patient', s.id,
       :'prefix' || '.patient' || s.i, 'portal-web', r.jti, '203.0.113.' || (s.i % 250), r.query, r.returned, r.detail
FROM (SELECT row_number() OVER () AS k, * FROM bench_session) s
CROSS JOIN LATERAL (
    SELECT s.at - interval '30 seconds' AS recorded, 'security' AS kind, 'sign_in' AS subtype, 'E' AS action, 4::smallint AS outcome,
           NULL::smallint AS http_status, NULL AS jti, NULL AS query, NULL AS returned, 'bad credentials' AS detail
    WHERE pg_temp.u(s.k, :salt + 13) < 0.05
    UNION ALL SELECT s.at, 'security', 'sign_in', 'E', 0, NULL, NULL, NULL, NULL, 'password'
    UNION ALL SELECT s.at + interval '1 second', 'security', 'token_issued', 'E', 0, NULL, NULL, NULL, NULL, 'patient/*.rs'
    UNION ALL
    SELECT s.at + v * interval '20 seconds', CASE WHEN v % 2 = 0 THEN 'read' ELSE 'query' END,
           CASE WHEN v % 2 = 0 THEN 'read' ELSE 'search-type' END, CASE WHEN v % 2 = 0 THEN 'R' ELSE 'E' END, 0, 200,
           to_hex(hashint8extended(s.k * 8 + v, :salt + 14)),
           CASE WHEN v % 2 = 0 THEN NULL ELSE '/fhir/search-type' END,
           'DiagnosticReport/' || :'prefix' || '-lab' || s.i || '-' || v || ' Observation/' || :'prefix' || '-obs' || s.i || '-' || v, NULL
    FROM generate_series(1, 1 + floor(pg_temp.u(s.k, :salt + 15) * 5)::int) v
) r;

-- What EffectSignInRecorder adds to its projection for each audit batch the audit store writes: sign-ins per
-- patient and calendar month (UTC).
INSERT INTO portal_effect_sign_in_month (patient_id, month_start, sign_ins)
SELECT a.patient_id, CAST(date_trunc('month', a.recorded AT TIME ZONE 'UTC') AS DATE), count(*)
FROM portal_audit_event a
WHERE a.kind = 'security' AND a.subtype = 'sign_in' AND a.outcome = 0 AND a.user_type = 'Patient' AND a.patient_id LIKE :'prefix' || '-p%'
GROUP BY 1, 2;

-- Appointments: made in 7 patient-months of 10, starting 7 days later; 4 % cancelled; those due by the end of the
-- panel kept or missed under the planted no-show model, the rest still booked.
INSERT INTO portal_effect_appointment (ref, patient_id, start_at, status)
SELECT 'Appointment/' || :'prefix' || '-appt' || p.i || '-' || m, p.id, a.start_at,
       CASE WHEN pg_temp.u(p.i * 64 + m, :salt + 18) < 0.04 THEN 'cancelled'
            WHEN a.start_at >= :'end_day'::timestamptz THEN 'booked'
            WHEN pg_temp.u(p.i * 64 + m, :salt + 19) < least(1, greatest(0, 0.15 + 0.004 * greatest(0, p.age)
                 + CASE WHEN p.is_user AND p.enrolled < a.start_at THEN :effect ELSE 0 END)) THEN 'noshow'
            ELSE 'fulfilled' END
FROM bench_patient p
CROSS JOIN LATERAL generate_series(0, :months - 1) m
CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', :'first_day'::timestamptz + m * interval '1 month'
                           + pg_temp.u(p.i * 64 + m, :salt + 17) * (interval '1 month') + interval '7 days') AS start_at) a
WHERE pg_temp.u(p.i * 64 + m, :salt + 16) < 0.7;

-- What was loaded, kept in the database so that a later run on it (bench/effect.sh --db) can report it.
CREATE TABLE bench_effect_data AS
SELECT (SELECT count(*) FROM bench_patient) AS patients,
       (SELECT count(*) FILTER (WHERE is_user) FROM bench_patient) AS portal_users,
       (SELECT count(*) FROM bench_session) AS sessions,
       (SELECT count(*) FROM portal_audit_event) AS audit_records,
       (SELECT count(*) FROM portal_effect_appointment) AS appointments,
       (SELECT round(avg(c), 4) FROM (SELECT count(*) FILTER (WHERE status IN ('noshow', 'fulfilled')) / (:months - 0.0) AS c
                                      FROM bench_patient p LEFT JOIN portal_effect_appointment a ON a.patient_id = p.id
                                      GROUP BY p.id) x) AS due_per_patient_month,
       :'first_day'::date AS first_month, :effect::numeric AS effect, :seed AS seed;
