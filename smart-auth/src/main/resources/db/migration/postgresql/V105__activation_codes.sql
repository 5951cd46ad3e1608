-- Patient onboarding: one-time activation codes staff issue for a Patient record (stored as SHA-256 hashes).
CREATE TABLE smart_activation_code (
    code_hash varchar(64) NOT NULL,
    patient varchar(100) NOT NULL,
    created_by varchar(100) NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz DEFAULT NULL,
    PRIMARY KEY (code_hash)
);
