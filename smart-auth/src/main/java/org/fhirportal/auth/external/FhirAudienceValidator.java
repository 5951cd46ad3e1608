package org.fhirportal.auth.external;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * An external issuer's token must name this FHIR endpoint in {@code aud} (SMART App Launch 2.2: the app sends the
 * FHIR base URL as {@code aud}, and the token is for that server only): the configured audience, or, when none is
 * configured, the FHIR base URL of the request.
 */
final class FhirAudienceValidator implements OAuth2TokenValidator<Jwt> {

	private final String configuredAudience;
	private final String fhirPath;

	FhirAudienceValidator(String configuredAudience, String fhirPath) {
		this.configuredAudience = Objects.requireNonNull(configuredAudience, "configuredAudience");
		this.fhirPath = Objects.requireNonNull(fhirPath, "fhirPath");
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		String expected = configuredAudience.isBlank() ? requestFhirBase() : configuredAudience;
		if (jwt.getAudience() == null || !jwt.getAudience().contains(expected)) {
			return OAuth2TokenValidatorResult.failure(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "the token is not meant for " + expected, null));
		}
		return OAuth2TokenValidatorResult.success();
	}

	private String requestFhirBase() {
		HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
		return ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString() + fhirPath;
	}
}
