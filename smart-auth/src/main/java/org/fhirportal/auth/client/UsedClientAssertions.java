package org.fhirportal.auth.client;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code jti}s of accepted client assertions, shared by every node, so a replayed assertion is refused. */
public class UsedClientAssertions {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	public UsedClientAssertions(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** @return {@code false} when this client already used this jti */
	public boolean markUsed(String clientId, String jti, Instant expiresAt) {
		try {
			jdbc.update("INSERT INTO smart_used_client_assertion (client_id, jti, expires_at) VALUES (?, ?, ?)",
					clientId, jti, Timestamp.from(expiresAt));
			return true;
		} catch (DuplicateKeyException replay) {
			return false;
		}
	}

	/** Forgets assertions that have expired anyway (an expired one is refused for its expiry). */
	public int purgeExpired() {
		return jdbc.update("DELETE FROM smart_used_client_assertion WHERE expires_at < ?", Timestamp.from(clock.instant()));
	}
}
