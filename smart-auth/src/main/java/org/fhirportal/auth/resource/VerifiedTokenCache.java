package org.fhirportal.auth.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A {@link JwtDecoder} that verifies each distinct access token's signature and parses its claims once, then runs
 * the validators on every request. An app sends the same bearer token with every request for the token's lifetime,
 * and checking its RS256 signature and converting its claims was the largest single cost a portal read added over
 * plain HAPI. What must be answered per request is still answered per request: expiry, issuer, audience and
 * revocation ({@code validator}), so a revoked or expired token is refused at once, cached or not.
 *
 * <p>Only a token that decoded successfully is cached, keyed by its exact text: a token whose text differs in any
 * byte is a different key and is verified afresh. Entries are bounded in number and age; a token signed by a key
 * that has since been withdrawn is still accepted for at most {@code maxAge} (revoke the tokens themselves to end
 * them at once). Written by hand: Spring Security's {@link org.springframework.security.oauth2.jwt.NimbusJwtDecoder}
 * caches keys, not verified tokens.
 */
public final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder verifier;
	private final OAuth2TokenValidator<Jwt> validator;
	private final Cache<String, Jwt> verified;

	/**
	 * @param verifier checks signature and parses claims only (its own validator accepts every token)
	 * @param validator the per-request checks
	 */
	public VerifiedTokenCache(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int maxTokens, Duration maxAge) {
		this.verifier = Objects.requireNonNull(verifier, "verifier");
		this.validator = Objects.requireNonNull(validator, "validator");
		this.verified = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(maxAge).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (token == null) {
			throw new BadJwtException("no token");
		}
		Jwt jwt = verified.getIfPresent(token);
		if (jwt == null) {
			jwt = verifier.decode(token);
			verified.put(token, jwt);
		}
		OAuth2TokenValidatorResult result = validator.validate(jwt);
		if (result.hasErrors()) {
			// worded as NimbusJwtDecoder words it, so answers do not depend on whether the token was cached
			String description = result.getErrors().stream().map(e -> e.getDescription()).filter(d -> d != null && !d.isEmpty())
					.findFirst().map(d -> "An error occurred while attempting to decode the Jwt: " + d).orElse("Unable to validate Jwt");
			throw new JwtValidationException(description, result.getErrors());
		}
		return jwt;
	}

	long size() {
		verified.cleanUp();
		return verified.estimatedSize();
	}
}
