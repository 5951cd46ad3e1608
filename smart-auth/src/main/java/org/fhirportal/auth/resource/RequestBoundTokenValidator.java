package org.fhirportal.auth.resource;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.function.Supplier;
import org.fhirportal.auth.SmartAuthProperties;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The checks of an access token beyond signature and expiry: it was issued by this server ({@code iss}), for this
 * FHIR endpoint ({@code aud} holds the FHIR base URL), carries a {@code jti}, and has not been revoked. When no
 * issuer is configured, issuer and FHIR base come from the request, as the authorization server derives them.
 * A check on a thread that serves no HTTP request (a websocket message) runs inside {@link #forIssuer}, with the
 * issuer derived from the request that opened the connection ({@link #issuerOf}).
 */
public final class RequestBoundTokenValidator implements OAuth2TokenValidator<Jwt> {

	private static final ThreadLocal<String> DETACHED_ISSUER = new ThreadLocal<>();

	private final SmartAuthProperties properties;
	private final RevokedTokens revokedTokens;

	public RequestBoundTokenValidator(SmartAuthProperties properties, RevokedTokens revokedTokens) {
		this.properties = Objects.requireNonNull(properties, "properties");
		this.revokedTokens = Objects.requireNonNull(revokedTokens, "revokedTokens");
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		String issuer = expectedIssuer();
		if (jwt.getIssuer() == null || !issuer.equals(jwt.getIssuer().toString())) {
			return invalid("the token was not issued by " + issuer);
		}
		String fhirBase = issuer + properties.fhirPath();
		if (jwt.getAudience() == null || !jwt.getAudience().contains(fhirBase)) {
			return invalid("the token is not meant for " + fhirBase);
		}
		if (jwt.getId() == null) {
			return invalid("the token has no jti");
		}
		if (revokedTokens.isRevoked(jwt.getId())) {
			return invalid("the token has been revoked");
		}
		return OAuth2TokenValidatorResult.success();
	}

	/**
	 * Runs {@code check} (a token decoding) away from any HTTP request, expecting tokens issued by {@code issuer}
	 * when no issuer is configured.
	 */
	public static <T> T forIssuer(String issuer, Supplier<T> check) {
		Objects.requireNonNull(issuer, "issuer");
		DETACHED_ISSUER.set(issuer);
		try {
			return check.get();
		} finally {
			DETACHED_ISSUER.remove();
		}
	}

	/** The issuer that tokens presented on {@code request} must carry when no issuer is configured. */
	public static String issuerOf(HttpServletRequest request) {
		return ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
	}

	private String expectedIssuer() {
		if (!properties.issuer().isBlank()) {
			return properties.issuer();
		}
		String detached = DETACHED_ISSUER.get();
		if (detached != null) {
			return detached;
		}
		return issuerOf(((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest());
	}

	private static OAuth2TokenValidatorResult invalid(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}
}
