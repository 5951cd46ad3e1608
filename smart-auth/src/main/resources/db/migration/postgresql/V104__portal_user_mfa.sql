-- TOTP multi-factor sign-in (RFC 6238): the shared secret (Base32) once the user has enrolled.
ALTER TABLE portal_user ADD COLUMN mfa_secret varchar(64) DEFAULT NULL;
