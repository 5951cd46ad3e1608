package org.fhirportal.auth.mfa;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two-step sign-in started from the user's account settings: a new TOTP secret waits, in the database (so every
 * server node sees it), until the user confirms it with a first code from their authenticator app, or it expires.
 * Hand-written SQL on {@code portal_user}, like {@code JdbcPortalUsers}.
 */
public final class MfaEnrolments {

	/** How long a started enrolment may be confirmed. */
	public static final Duration PENDING_FOR = Duration.ofMinutes(10);

	private final JdbcTemplate jdbc;
	private final Clock clock;

	public MfaEnrolments(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Keeps a new secret pending for the user (replacing one pending before); returns until when it may be confirmed. */
	public Instant start(String username, String secret) {
		Instant until = clock.instant().plus(PENDING_FOR);
		jdbc.update("UPDATE portal_user SET mfa_pending_secret = ?, mfa_pending_until = ? WHERE username = ?", secret,
				Timestamp.from(until), username);
		return until;
	}

	/** The secret the user is enrolling with, if they started and it has not expired. */
	public Optional<String> pending(String username) {
		List<String> secrets = jdbc.queryForList("SELECT mfa_pending_secret FROM portal_user WHERE username = ?"
				+ " AND mfa_pending_secret IS NOT NULL AND mfa_pending_until > ?", String.class, username, Timestamp.from(clock.instant()));
		return secrets.stream().findFirst();
	}

	/** The pending secret becomes the user's second factor: sign-in asks for its code from now on. */
	public void confirm(String username, String secret) {
		jdbc.update("UPDATE portal_user SET mfa_secret = ?, mfa_pending_secret = NULL, mfa_pending_until = NULL WHERE username = ?",
				secret, username);
	}

	/** Two-step sign-in off: no secret, nothing pending. */
	public void remove(String username) {
		jdbc.update("UPDATE portal_user SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_pending_until = NULL WHERE username = ?",
				username);
	}
}
