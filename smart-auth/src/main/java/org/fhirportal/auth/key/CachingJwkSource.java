package org.fhirportal.auth.key;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The JWK source of the token checker (every published key) and, through {@link #signingKey()}, of the signer
 * (the active key only): the database key set, re-read at most every
 * {@code refresh} so that a rotation on one node reaches the others without a query per request. A key id it
 * does not know triggers an immediate re-read, so a token signed on another node right after a rotation verifies.
 */
public class CachingJwkSource implements JWKSource<SecurityContext> {

	private final JdbcSigningKeys keys;
	private final Duration refresh;
	private final Clock clock;
	private volatile JWKSet cached;
	private volatile Instant loadedAt = Instant.MIN;

	public CachingJwkSource(JdbcSigningKeys keys, Duration refresh, Clock clock) {
		this.keys = Objects.requireNonNull(keys, "keys");
		this.refresh = Objects.requireNonNull(refresh, "refresh");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		List<JWK> selected = selector.select(current());
		if (selected.isEmpty() && selector.getMatcher().getKeyIDs() != null && !selector.getMatcher().getKeyIDs().isEmpty()) {
			selected = selector.select(reload());
		}
		return selected;
	}

	/** A source that offers only the active key, so the signer never has to choose. */
	public JWKSource<SecurityContext> signingKey() {
		return (selector, context) -> selector.select(new JWKSet(current().getKeys().get(0)));
	}

	/** The public keys, for the JWKS endpoint. */
	public JWKSet publicKeys() {
		return current().toPublicJWKSet();
	}

	private JWKSet current() {
		JWKSet set = cached;
		if (set == null || clock.instant().isAfter(loadedAt.plus(refresh))) {
			set = reload();
		}
		return set;
	}

	private synchronized JWKSet reload() {
		JWKSet set = keys.load();
		cached = set;
		loadedAt = clock.instant();
		return set;
	}
}
