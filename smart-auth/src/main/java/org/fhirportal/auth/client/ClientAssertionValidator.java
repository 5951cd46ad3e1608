package org.fhirportal.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

/**
 * The checks SMART Backend Services asks of a client assertion (SMART App Launch 2.2, "Authenticating with
 * asymmetric keys"): {@code iss} and {@code sub} are the client, {@code aud} is this token endpoint, the header
 * names its {@code kid}, {@code exp} is at most five minutes ahead, and its {@code jti} has never been used.
 * The jti is recorded last, so a refused assertion does not spend it.
 */
final class ClientAssertionValidator implements OAuth2TokenValidator<Jwt> {

	static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
	private static final Duration SKEW = Duration.ofSeconds(30);

	private final String clientId;
	private final String tokenEndpointPath;
	private final UsedClientAssertions usedAssertions;
	private final Clock clock;

	ClientAssertionValidator(String clientId, String tokenEndpointPath, UsedClientAssertions usedAssertions, Clock clock) {
		this.clientId = Objects.requireNonNull(clientId, "clientId");
		this.tokenEndpointPath = Objects.requireNonNull(tokenEndpointPath, "tokenEndpointPath");
		this.usedAssertions = Objects.requireNonNull(usedAssertions, "usedAssertions");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt assertion) {
		if (assertion.getHeaders().get("kid") == null) {
			return invalid("the assertion's header has no kid");
		}
		if (!clientId.equals(assertion.getClaimAsString("iss")) || !clientId.equals(assertion.getSubject())) {
			return invalid("iss and sub must both be the client_id");
		}
		String tokenEndpoint = AuthorizationServerContextHolder.getContext().getIssuer() + tokenEndpointPath;
		if (assertion.getAudience() == null || !assertion.getAudience().contains(tokenEndpoint)) {
			return invalid("aud must be the token endpoint, " + tokenEndpoint);
		}
		Instant expiresAt = assertion.getExpiresAt();
		if (expiresAt == null || expiresAt.isAfter(clock.instant().plus(MAX_LIFETIME).plus(SKEW))) {
			return invalid("exp must be set and at most five minutes ahead");
		}
		if (assertion.getId() == null || assertion.getId().isBlank()) {
			return invalid("the assertion has no jti");
		}
		if (!usedAssertions.markUsed(clientId, assertion.getId(), expiresAt)) {
			return invalid("this assertion's jti was already used");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult invalid(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
	}
}
