package org.fhirportal.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens with SMART semantics (SMART App Launch 2.2, "offline_access" and "online_access"): issued only
 * when the user granted one of those scopes, to public clients too (Spring Authorization Server's default never
 * gives public clients a refresh token), living {@code offlineTtl} for offline access and {@code onlineTtl} for
 * online access. On a refresh the token is always replaced (rotation; clients register with
 * {@code reuseRefreshTokens=false}), keeping the kind of access of the original grant.
 */
public final class SmartRefreshTokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private final StringKeyGenerator values = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 96);
	private final Duration offlineTtl;
	private final Duration onlineTtl;
	private final Clock clock;

	public SmartRefreshTokenGenerator(Duration offlineTtl, Duration onlineTtl, Clock clock) {
		this.offlineTtl = Objects.requireNonNull(offlineTtl, "offlineTtl");
		this.onlineTtl = Objects.requireNonNull(onlineTtl, "onlineTtl");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
			return null;
		}
		Set<String> granted = AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())
				&& context.getAuthorization() != null
				? context.getAuthorization().getAuthorizedScopes()
				: context.getAuthorizedScopes();
		Duration ttl = granted.contains("offline_access") ? offlineTtl : granted.contains("online_access") ? onlineTtl : null;
		if (ttl == null) {
			return null;
		}
		Instant issuedAt = clock.instant();
		return new OAuth2RefreshToken(values.generateKey(), issuedAt, issuedAt.plus(ttl));
	}
}
