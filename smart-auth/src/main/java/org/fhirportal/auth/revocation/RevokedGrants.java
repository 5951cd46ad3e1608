package org.fhirportal.auth.revocation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Grants (authorization ids) revoked after a refresh token reuse, shared by every node through the database, so
 * that a refresh which looked a grant up before its revocation cannot store it again afterwards (RFC 9700
 * section 4.14.2). Kept as long as a refresh token could live.
 */
public class RevokedGrants {

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Duration keep;

	/** @param keep how long a revocation is remembered: at least the longest refresh token lifetime */
	public RevokedGrants(JdbcTemplate jdbc, Clock clock, Duration keep) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.keep = Objects.requireNonNull(keep, "keep");
	}

	/** Records the grant as revoked; {@code false} when it already was. */
	public boolean revoke(String authorizationId) {
		if (isRevoked(authorizationId)) {
			return false;
		}
		try {
			jdbc.update("INSERT INTO smart_revoked_grant (authorization_id, expires_at) VALUES (?, ?)", authorizationId,
					Timestamp.from(clock.instant().plus(keep)));
			return true;
		} catch (DuplicateKeyException alreadyRevoked) {
			return false;
		}
	}

	public boolean isRevoked(String authorizationId) {
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM smart_revoked_grant WHERE authorization_id = ?", Integer.class, authorizationId);
		return count != null && count > 0;
	}

	/** Forgets revocations older than any refresh token of the grant could be. */
	public int purgeExpired() {
		return jdbc.update("DELETE FROM smart_revoked_grant WHERE expires_at < ?", Timestamp.from(clock.instant()));
	}
}
