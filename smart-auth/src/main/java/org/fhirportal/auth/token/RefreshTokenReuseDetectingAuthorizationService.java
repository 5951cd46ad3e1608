package org.fhirportal.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.fhirportal.auth.revocation.RevokedGrants;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.fhirportal.auth.revocation.RotatedRefreshTokens;
import org.fhirportal.auth.revocation.RotatedRefreshTokens.IssuedAccessToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Refresh token reuse detection (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2): refresh tokens rotate at every
 * refresh, and the replaced ones are remembered ({@link RotatedRefreshTokens}). When one of them is presented
 * again, either the app or an attacker holds a stolen copy, and the server cannot tell which: the whole grant is
 * revoked (its current refresh token, and every access token it issued that has not expired, which the FHIR
 * endpoint then refuses through {@link RevokedTokens}), a {@code REFRESH_TOKEN_REUSED} event goes to the audit
 * trail, and the request gets {@code invalid_grant} as any unknown refresh token does. The revoked grant is
 * remembered ({@link RevokedGrants}) and never stored again, so a refresh that was under way cannot bring it back;
 * two refreshes with the same token are serialised by a row lock and the second counts as reuse.
 */
public final class RefreshTokenReuseDetectingAuthorizationService implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService delegate;
	private final JdbcTemplate jdbc;
	private final RotatedRefreshTokens rotated;
	private final RevokedGrants revokedGrants;
	private final RevokedTokens revokedTokens;
	private final RegisteredClientRepository clients;
	private final SecurityAuditPublisher audit;

	/** @param delegate the store, which records the current access token as revoked when an authorization is removed */
	public RefreshTokenReuseDetectingAuthorizationService(OAuth2AuthorizationService delegate, JdbcTemplate jdbc,
			RotatedRefreshTokens rotated, RevokedGrants revokedGrants, RevokedTokens revokedTokens, RegisteredClientRepository clients,
			SecurityAuditPublisher audit) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.rotated = Objects.requireNonNull(rotated, "rotated");
		this.revokedGrants = Objects.requireNonNull(revokedGrants, "revokedGrants");
		this.revokedTokens = Objects.requireNonNull(revokedTokens, "revokedTokens");
		this.clients = Objects.requireNonNull(clients, "clients");
		this.audit = Objects.requireNonNull(audit, "audit");
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (revokedGrants.isRevoked(authorization.getId())) {
			// a refresh that looked the grant up before its revocation: storing it would bring the grant back
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The grant has been revoked", null));
		}
		OAuth2Authorization.Token<OAuth2RefreshToken> next = authorization.getRefreshToken();
		if (next != null) {
			OAuth2Authorization previous = delegate.findById(authorization.getId());
			OAuth2Authorization.Token<OAuth2RefreshToken> replaced = previous == null ? null : previous.getRefreshToken();
			if (replaced != null && !replaced.getToken().getTokenValue().equals(next.getToken().getTokenValue())) {
				rotated.rotated(replaced.getToken().getTokenValue(), expiryOf(replaced.getToken()), authorization.getId(),
						issuedAccessToken(previous.getAccessToken()));
			}
		}
		delegate.save(authorization);
	}

	/**
	 * For a refresh token, locks the grant's row (held until the refresh's transaction ends, see
	 * {@link TransactionalRefreshTokenAuthenticationProvider}) and checks, under the lock, that the presented token is
	 * still the grant's current one: a compare-and-set, so of two requests presenting the same refresh token only the
	 * first rotates it and the second counts as reuse.
	 */
	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		OAuth2Authorization found = delegate.findByToken(token, tokenType);
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
			return found;
		}
		if (found == null) {
			rotated.grantOf(token).ifPresent(this::revokeGrant);
			return null;
		}
		lock(found.getId());
		OAuth2Authorization current = delegate.findById(found.getId());
		if (current == null || revokedGrants.isRevoked(current.getId()) || current.getRefreshToken() == null
				|| !token.equals(current.getRefreshToken().getToken().getTokenValue())) {
			// rotated or revoked by a concurrent request after the lookup: the same refresh token used twice
			revokeGrant(found.getId());
			return null;
		}
		return current;
	}

	private void lock(String authorizationId) {
		jdbc.queryForList("SELECT id FROM oauth2_authorization WHERE id = ? FOR UPDATE", String.class, authorizationId);
	}

	private void revokeGrant(String authorizationId) {
		lock(authorizationId);
		if (revokedGrants.revoke(authorizationId)) {
			rotated.accessTokensOf(authorizationId).forEach(accessToken -> revokedTokens.revoke(accessToken.jti(), accessToken.expiresAt()));
		}
		OAuth2Authorization grant = delegate.findById(authorizationId);
		if (grant == null) {
			audit.publish(SecurityAuditEvent.Type.REFRESH_TOKEN_REUSED, null, null, false, "replaced refresh token of an ended grant presented again");
			return;
		}
		delegate.remove(grant);
		String clientId = Optional.ofNullable(clients.findById(grant.getRegisteredClientId())).map(RegisteredClient::getClientId).orElse(null);
		audit.publish(SecurityAuditEvent.Type.REFRESH_TOKEN_REUSED, grant.getPrincipalName(), clientId, false,
				"replaced refresh token presented again: grant revoked");
	}

	private static Instant expiryOf(OAuth2RefreshToken token) {
		return token.getExpiresAt() != null ? token.getExpiresAt() : Instant.now().plus(Duration.ofDays(90));
	}

	private static Optional<IssuedAccessToken> issuedAccessToken(OAuth2Authorization.Token<OAuth2AccessToken> accessToken) {
		if (accessToken == null || accessToken.getClaims() == null || accessToken.getClaims().get("jti") == null
				|| accessToken.getToken().getExpiresAt() == null) {
			return Optional.empty();
		}
		return Optional.of(new IssuedAccessToken(accessToken.getClaims().get("jti").toString(), accessToken.getToken().getExpiresAt()));
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		delegate.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return delegate.findById(id);
	}
}
