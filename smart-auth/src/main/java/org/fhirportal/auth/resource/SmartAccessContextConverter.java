package org.fhirportal.auth.resource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fhirportal.auth.scope.InvalidScopeException;
import org.fhirportal.auth.scope.ScopeSet;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a validated access token into a {@link SmartAccessAuthentication} carrying its {@link SmartAccessContext},
 * reading the SMART context from the claims named by {@link SmartClaimNames}. A token whose SMART scopes do not
 * parse is refused ({@code invalid_token}). Tokens of an external issuer may also carry the issuer's own scopes
 * ({@code email}, {@code roles}); with {@link #forExternalIssuer} those are left out, while a malformed
 * {@code patient/}, {@code user/} or {@code system/} scope still refuses the token.
 */
public final class SmartAccessContextConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private static final Pattern RESOURCE_SCOPE = Pattern.compile("^(patient|user|system)/.*");

	private final SmartClaimNames claims;
	private final boolean skipForeignScopes;

	/** For this server's own tokens: SMART claim names, every scope must be a SMART scope. */
	public SmartAccessContextConverter() {
		this(SmartClaimNames.SMART, false);
	}

	private SmartAccessContextConverter(SmartClaimNames claims, boolean skipForeignScopes) {
		this.claims = Objects.requireNonNull(claims, "claims");
		this.skipForeignScopes = skipForeignScopes;
	}

	/** For an external issuer's tokens: the configured claim names, the issuer's non-SMART scopes left out. */
	public static SmartAccessContextConverter forExternalIssuer(SmartClaimNames claims) {
		return new SmartAccessContextConverter(claims, true);
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		if (jwt.getSubject() == null || jwt.getExpiresAt() == null) {
			throw invalid("the token has no sub or no exp");
		}
		ScopeSet scopes;
		try {
			scopes = ScopeSet.of(skipForeignScopes ? smartScopesOf(scopeClaim(jwt)) : scopeClaim(jwt));
		} catch (InvalidScopeException e) {
			throw invalid("the token's scopes are invalid");
		}
		SmartAccessContext context = new SmartAccessContext(
				jwt.getSubject(),
				claim(jwt, claims.clientId()).or(() -> claim(jwt, "azp")).orElse(jwt.getSubject()),
				claim(jwt, claims.fhirUser()),
				claim(jwt, claims.patient()),
				claim(jwt, "encounter"),
				scopes,
				jwt.getId() != null ? jwt.getId() : "sha256:" + sha256(jwt.getTokenValue()),
				jwt.getExpiresAt());
		List<SimpleGrantedAuthority> authorities = scopes.tokens().stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s)).toList();
		return new SmartAccessAuthentication(jwt, authorities, context);
	}

	private Collection<String> scopeClaim(Jwt jwt) {
		Object claim = jwt.hasClaim(claims.scope()) ? jwt.getClaim(claims.scope()) : jwt.getClaim("scp");
		if (claim instanceof Collection<?> values) {
			return values.stream().map(Object::toString).toList();
		}
		if (claim instanceof String value && !value.isBlank()) {
			return List.of(value.trim().split(" +"));
		}
		return List.of();
	}

	/** The SMART scopes among an external issuer's scopes; a malformed resource scope is kept, so that it is refused. */
	private static List<String> smartScopesOf(Collection<String> scopes) {
		return scopes.stream().filter(scope -> RESOURCE_SCOPE.matcher(scope).matches() || isSmart(scope)).toList();
	}

	private static boolean isSmart(String scope) {
		try {
			ScopeSet.of(List.of(scope));
			return true;
		} catch (InvalidScopeException e) {
			return false;
		}
	}

	private static Optional<String> claim(Jwt jwt, String name) {
		return Optional.ofNullable(jwt.getClaimAsString(name)).filter(value -> !value.isBlank());
	}

	private static OAuth2AuthenticationException invalid(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
