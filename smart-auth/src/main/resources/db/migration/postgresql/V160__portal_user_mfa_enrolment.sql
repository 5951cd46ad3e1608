-- A TOTP enrolment the user started from their account settings (not at sign-in), waiting for its first code:
-- the new secret and until when it may be confirmed. Confirming moves the secret to mfa_secret.
ALTER TABLE portal_user ADD COLUMN mfa_pending_secret varchar(64) DEFAULT NULL;
ALTER TABLE portal_user ADD COLUMN mfa_pending_until timestamp DEFAULT NULL;
