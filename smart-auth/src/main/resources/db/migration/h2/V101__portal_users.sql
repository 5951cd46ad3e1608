-- Portal accounts: patients, practitioners, related persons (caregivers) and administrators, each linked to the
-- FHIR resource that represents them (fhirUser).
CREATE TABLE portal_user (
    username varchar(100) NOT NULL,
    password_hash varchar(200) NOT NULL,
    role varchar(20) NOT NULL,
    fhir_user varchar(200) DEFAULT NULL,
    display_name varchar(200) DEFAULT NULL,
    enabled boolean DEFAULT TRUE NOT NULL,
    failed_attempts integer DEFAULT 0 NOT NULL,
    locked_until timestamp DEFAULT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (username)
);
