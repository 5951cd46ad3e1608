package org.fhirportal.auth.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the authorization server did that belongs in the audit trail: a sign-in, a second factor, a lockout, a
 * token issued, refreshed or revoked, a consent given or withdrawn. Published as a Spring application event; the
 * audit module turns each one into a sign-in AuditEvent. Never carries a secret (no password, token value, code
 * or TOTP secret): only who, which app, what and whether it succeeded.
 *
 * @param type what happened
 * @param username the portal user's login name, when known (absent for client-only events)
 * @param fhirUser the user's FHIR resource reference, when known
 * @param clientId the OAuth client involved, when any
 * @param succeeded whether the attempt succeeded (a failed sign-in is recorded as such)
 * @param detail a short, non-secret reason or scope list (e.g. "bad credentials", "patient/*.rs")
 * @param remoteAddress the caller's address, for the audit trail's network agent
 * @param at when it happened
 */
public record SecurityAuditEvent(
		Type type,
		Optional<String> username,
		Optional<String> fhirUser,
		Optional<String> clientId,
		boolean succeeded,
		String detail,
		Optional<String> remoteAddress,
		Instant at) {

	public enum Type {
		SIGN_IN,
		MFA,
		LOCKOUT,
		TOKEN_ISSUED,
		TOKEN_REFRESHED,
		TOKEN_REVOKED,
		/** A refresh token already replaced at a refresh was presented again: the whole grant is revoked. */
		REFRESH_TOKEN_REUSED,
		CONSENT_GRANTED,
		CONSENT_WITHDRAWN
	}

	public SecurityAuditEvent {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(username, "username");
		Objects.requireNonNull(fhirUser, "fhirUser");
		Objects.requireNonNull(clientId, "clientId");
		detail = detail == null ? "" : detail;
		Objects.requireNonNull(remoteAddress, "remoteAddress");
		Objects.requireNonNull(at, "at");
	}
}
