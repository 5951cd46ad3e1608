-- Grants (authorization ids) revoked because a replaced refresh token was presented again: a refresh that looked
-- the grant up before the revocation may not save it back afterwards (RFC 9700 section 4.14.2).
CREATE TABLE smart_revoked_grant (
    authorization_id varchar(100) NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (authorization_id)
);
