package org.fhirportal.auth.key;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The authorization server's signing keys, kept in the database so that every node signs with the same key and
 * accepts the others' tokens, and so that tokens survive a restart. A key is generated (Nimbus, RSA 2048,
 * RS256) the first time none is active; {@link #rotate()} retires the active key, which stays published in the
 * JWKS until every token it signed has expired.
 */
public class JdbcSigningKeys {

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final Duration retiredKeyGrace;
	private final Clock clock;

	public JdbcSigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions, Duration retiredKeyGrace, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.transactions = Objects.requireNonNull(transactions, "transactions");
		this.retiredKeyGrace = Objects.requireNonNull(retiredKeyGrace, "retiredKeyGrace");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * The published key set: the active key first, then retired keys still inside their grace period.
	 * Creates the first key when there is no active one.
	 */
	public JWKSet load() {
		List<JWK> active = jdbc.query("SELECT jwk_json FROM smart_signing_key WHERE retired_at IS NULL ORDER BY created_at DESC",
				(rs, row) -> parse(rs.getString(1)));
		if (active.isEmpty()) {
			return createFirstKey();
		}
		List<JWK> retired = jdbc.query("SELECT jwk_json FROM smart_signing_key WHERE retired_at > ? ORDER BY retired_at DESC",
				(rs, row) -> parse(rs.getString(1)), Timestamp.from(clock.instant().minus(retiredKeyGrace)));
		List<JWK> published = new java.util.ArrayList<>(active.subList(0, 1));
		published.addAll(retired);
		return new JWKSet(published);
	}

	/** Retires the active key and makes a new one active; the old one stays published for the grace period. */
	public void rotate() {
		transactions.executeWithoutResult(status -> {
			jdbc.update("UPDATE smart_signing_key SET retired_at = ? WHERE retired_at IS NULL", Timestamp.from(clock.instant()));
			insert(generate());
		});
	}

	private JWKSet createFirstKey() {
		try {
			transactions.executeWithoutResult(status -> {
				Integer active = jdbc.queryForObject("SELECT COUNT(*) FROM smart_signing_key WHERE retired_at IS NULL", Integer.class);
				if (active == null || active == 0) {
					insert(generate());
				}
			});
		} catch (DuplicateKeyException racedByAnotherNode) {
			// another node created the first key at the same moment: use theirs
		}
		return load();
	}

	private void insert(RSAKey key) {
		jdbc.update("INSERT INTO smart_signing_key (kid, jwk_json, created_at) VALUES (?, ?, ?)",
				key.getKeyID(), key.toJSONString(), Timestamp.from(clock.instant()));
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048)
					.keyID(UUID.randomUUID().toString())
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.issueTime(java.util.Date.from(Instant.now()))
					.generate();
		} catch (JOSEException e) {
			throw new IllegalStateException("cannot generate an RSA signing key", e);
		}
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		} catch (ParseException e) {
			throw new IllegalStateException("a stored signing key is not a JWK", e);
		}
	}
}
