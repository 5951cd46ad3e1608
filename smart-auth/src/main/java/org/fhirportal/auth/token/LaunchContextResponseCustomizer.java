package org.fhirportal.auth.token;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;

/**
 * Adds the SMART launch context to the token response (SMART App Launch 2.2, "launch context arrives with your
 * access token"): {@code patient}, {@code encounter} and {@code need_patient_banner}, read from the access token this server has
 * just signed, so the response and the token can never disagree; and, for a user's token, {@code smart_style_url}
 * when one is configured (a path, such as the built-in {@code /smart-style.json}, is resolved against the token's issuer).
 */
public final class LaunchContextResponseCustomizer implements Consumer<OAuth2AccessTokenAuthenticationContext> {

	private final java.util.Optional<String> styleUrl;

	/**
	 * @param styleUrl the portal's style document for apps ({@code smart_style_url}), if any: an absolute URL, or a
	 *                 path below the issuer
	 */
	public LaunchContextResponseCustomizer(java.util.Optional<String> styleUrl) {
		this.styleUrl = java.util.Objects.requireNonNull(styleUrl, "styleUrl");
	}

	@Override
	public void accept(OAuth2AccessTokenAuthenticationContext context) {
		OAuth2AccessTokenResponse.Builder response = context.getAccessTokenResponse();
		OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
		String accessToken = issued.getAccessToken().getTokenValue();
		JWTClaimsSet claims;
		try {
			claims = JWTParser.parse(accessToken).getJWTClaimsSet();
		} catch (ParseException notAJwt) {
			return;
		}
		Map<String, Object> parameters = new HashMap<>(issued.getAdditionalParameters());
		Object patient = claims.getClaim("patient");
		if (patient != null) {
			parameters.put("patient", patient.toString());
			parameters.put("need_patient_banner", Boolean.TRUE.equals(claims.getClaim("need_patient_banner")));
		}
		Object encounter = claims.getClaim("encounter");
		if (encounter != null) {
			parameters.put("encounter", encounter.toString());
		}
		boolean userToken = claims.getSubject() != null && !claims.getSubject().equals(claims.getClaim("client_id"));
		if (userToken) {
			styleUrl.map(url -> url.startsWith("/") && claims.getIssuer() != null ? claims.getIssuer() + url : url)
					.ifPresent(url -> parameters.put("smart_style_url", url));
		}
		response.additionalParameters(parameters);
	}
}
