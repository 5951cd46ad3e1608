-- Refresh tokens replaced at a refresh (rotation), by SHA-256 of their value, with the access token issued
-- alongside each: a replay of one reveals a stolen token and revokes the whole grant (RFC 9700 section 4.14.2).
CREATE TABLE smart_rotated_refresh_token (
    token_hash varchar(64) NOT NULL,
    authorization_id varchar(100) NOT NULL,
    access_token_jti varchar(100) DEFAULT NULL,
    access_token_expires_at timestamp DEFAULT NULL,
    expires_at timestamp NOT NULL,
    PRIMARY KEY (token_hash)
);
CREATE INDEX smart_rotated_refresh_token_authorization ON smart_rotated_refresh_token (authorization_id);
