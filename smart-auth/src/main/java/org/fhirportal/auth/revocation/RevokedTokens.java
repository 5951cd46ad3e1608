package org.fhirportal.auth.revocation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Revoked access tokens by {@code jti}, shared by every node through the database, so that an RFC 7009
 * revocation takes effect at every FHIR endpoint at once. Rows are removed once the token would have expired.
 */
public class RevokedTokens {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	public RevokedTokens(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	public void revoke(String jti, Instant expiresAt) {
		try {
			jdbc.update("INSERT INTO smart_revoked_token (jti, expires_at) VALUES (?, ?)", jti, Timestamp.from(expiresAt));
		} catch (DuplicateKeyException alreadyRevoked) {
			// revoking twice is a no-op (RFC 7009 section 2.2)
		}
	}

	public boolean isRevoked(String jti) {
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM smart_revoked_token WHERE jti = ?", Integer.class, jti);
		return count != null && count > 0;
	}

	/** Forgets revocations of tokens that have expired anyway. */
	public int purgeExpired() {
		return jdbc.update("DELETE FROM smart_revoked_token WHERE expires_at < ?", Timestamp.from(clock.instant()));
	}
}
