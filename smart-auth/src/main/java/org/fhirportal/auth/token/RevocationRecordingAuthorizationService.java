package org.fhirportal.auth.token;

import java.util.Objects;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Spring Authorization Server's authorization store (JDBC), which also records the {@code jti} of every access
 * token that gets invalidated (revocation of the token, or of the refresh token it came with) in
 * {@link RevokedTokens}, so the resource server can refuse it with one indexed lookup.
 */
public class RevocationRecordingAuthorizationService implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService delegate;
	private final RevokedTokens revokedTokens;

	public RevocationRecordingAuthorizationService(OAuth2AuthorizationService delegate, RevokedTokens revokedTokens) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.revokedTokens = Objects.requireNonNull(revokedTokens, "revokedTokens");
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		delegate.save(authorization);
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		if (accessToken != null && accessToken.isInvalidated()) {
			recordRevoked(accessToken);
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		delegate.remove(authorization);
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		if (accessToken != null && accessToken.isActive()) {
			recordRevoked(accessToken);
		}
	}

	private void recordRevoked(OAuth2Authorization.Token<OAuth2AccessToken> accessToken) {
		Object jti = accessToken.getClaims() == null ? null : accessToken.getClaims().get("jti");
		if (jti != null && accessToken.getToken().getExpiresAt() != null) {
			revokedTokens.revoke(jti.toString(), accessToken.getToken().getExpiresAt());
		}
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return delegate.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return delegate.findByToken(token, tokenType);
	}
}
