-- Caregiver proxy access: a portal user (a RelatedPerson account) may act for a patient while the grant is active
-- and within its validity period. Revoking sets active to false and keeps the row as a record.
CREATE TABLE smart_proxy_grant (
    id varchar(36) NOT NULL,
    username varchar(100) NOT NULL,
    patient varchar(100) NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_until timestamptz DEFAULT NULL,
    active boolean DEFAULT TRUE NOT NULL,
    granted_by varchar(100) NOT NULL,
    created_at timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL,
    revoked_at timestamptz DEFAULT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX smart_proxy_grant_user ON smart_proxy_grant (username, active);
