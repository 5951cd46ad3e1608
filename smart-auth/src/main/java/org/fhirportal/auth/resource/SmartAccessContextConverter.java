package org.fhirportal.auth.resource;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.fhirportal.auth.scope.InvalidScopeException;
import org.fhirportal.auth.scope.ScopeSet;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;

/** Turns a validated access token into a {@link SmartAccessAuthentication} carrying its {@link SmartAccessContext}. */
public final class SmartAccessContextConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		ScopeSet scopes;
		try {
			scopes = ScopeSet.of(scopeClaim(jwt));
		} catch (InvalidScopeException e) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "the token's scopes are invalid", null));
		}
		SmartAccessContext context = new SmartAccessContext(
				jwt.getSubject(),
				Optional.ofNullable(jwt.getClaimAsString("client_id")).orElse(jwt.getSubject()),
				Optional.ofNullable(jwt.getClaimAsString("fhirUser")),
				Optional.ofNullable(jwt.getClaimAsString("patient")),
				Optional.ofNullable(jwt.getClaimAsString("encounter")),
				scopes,
				jwt.getId(),
				jwt.getExpiresAt());
		List<SimpleGrantedAuthority> authorities = scopes.tokens().stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s)).toList();
		return new SmartAccessAuthentication(jwt, authorities, context);
	}

	private static Collection<String> scopeClaim(Jwt jwt) {
		Object claim = jwt.getClaim("scope");
		if (claim instanceof Collection<?> values) {
			return values.stream().map(Object::toString).toList();
		}
		if (claim instanceof String value && !value.isBlank()) {
			return List.of(value.split(" "));
		}
		return List.of();
	}
}
