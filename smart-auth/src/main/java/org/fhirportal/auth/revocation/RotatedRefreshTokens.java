package org.fhirportal.auth.revocation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Refresh tokens that a refresh has replaced (rotation), kept by SHA-256 of their value until they would have
 * expired, each with the grant (authorization id) it belonged to and the access token issued with it. Shared by
 * every node through the database, so that a replay is recognised wherever it arrives (RFC 9700 section 4.14.2).
 */
public class RotatedRefreshTokens {

	/** An access token issued in a grant, by {@code jti}, with its expiry. */
	public record IssuedAccessToken(String jti, Instant expiresAt) {}

	private final JdbcTemplate jdbc;
	private final Clock clock;

	public RotatedRefreshTokens(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Remembers a replaced refresh token of grant {@code authorizationId}, and the access token issued with it. */
	public void rotated(String refreshToken, Instant refreshTokenExpiresAt, String authorizationId, Optional<IssuedAccessToken> accessToken) {
		try {
			jdbc.update("INSERT INTO smart_rotated_refresh_token (token_hash, authorization_id, access_token_jti, access_token_expires_at, expires_at)"
					+ " VALUES (?, ?, ?, ?, ?)", hash(refreshToken), authorizationId, accessToken.map(IssuedAccessToken::jti).orElse(null),
					accessToken.map(a -> Timestamp.from(a.expiresAt())).orElse(null), Timestamp.from(refreshTokenExpiresAt));
		} catch (DuplicateKeyException alreadyKnown) {
			// the same rotation saved twice
		}
	}

	/** The grant a replaced refresh token belonged to, if {@code refreshToken} is one. */
	public Optional<String> grantOf(String refreshToken) {
		return jdbc.queryForList("SELECT authorization_id FROM smart_rotated_refresh_token WHERE token_hash = ?", String.class, hash(refreshToken))
				.stream().findFirst();
	}

	/** The access tokens issued with the grant's replaced refresh tokens and not yet expired. */
	public List<IssuedAccessToken> accessTokensOf(String authorizationId) {
		return jdbc.query("SELECT access_token_jti, access_token_expires_at FROM smart_rotated_refresh_token"
						+ " WHERE authorization_id = ? AND access_token_jti IS NOT NULL AND access_token_expires_at > ?",
				(row, i) -> new IssuedAccessToken(row.getString(1), row.getTimestamp(2).toInstant()),
				authorizationId, Timestamp.from(clock.instant()));
	}

	/** Forgets replaced refresh tokens that have expired anyway. */
	public int purgeExpired() {
		return jdbc.update("DELETE FROM smart_rotated_refresh_token WHERE expires_at < ?", Timestamp.from(clock.instant()));
	}

	private static String hash(String token) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
