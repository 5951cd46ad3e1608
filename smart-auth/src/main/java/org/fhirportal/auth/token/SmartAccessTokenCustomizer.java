package org.fhirportal.auth.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.scope.ScopeSet;
import java.util.Map;
import org.fhirportal.auth.launch.JdbcEhrLaunches;
import org.fhirportal.auth.picker.PickedPatient;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.fhirportal.auth.user.PortalUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes the JWTs this server issues. Access tokens: the audience is the FHIR base URL (issuer plus FHIR path),
 * which the resource server requires; {@code client_id} names the client (RFC 9068); a user's token carries
 * {@code fhirUser} and its launch context ({@code patient}, {@code encounter}, {@code need_patient_banner}). ID tokens carry {@code fhirUser} when the
 * {@code fhirUser} scope was granted (SMART App Launch 2.2, "fhirUser").
 */
public final class SmartAccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final String fhirPath;
	private final JdbcPortalUsers users;
	private final JdbcEhrLaunches launches;

	public SmartAccessTokenCustomizer(String fhirPath, JdbcPortalUsers users, JdbcEhrLaunches launches) {
		this.fhirPath = Objects.requireNonNull(fhirPath, "fhirPath");
		this.users = Objects.requireNonNull(users, "users");
		this.launches = Objects.requireNonNull(launches, "launches");
	}

	@Override
	public void customize(JwtEncodingContext context) {
		String fhirBase = context.getAuthorizationServerContext().getIssuer() + fhirPath;
		Optional<PortalUser> user = context.getPrincipal() instanceof UsernamePasswordAuthenticationToken login
				? users.find(login.getName())
				: Optional.empty();
		ScopeSet granted = ScopeSet.of(context.getAuthorizedScopes());
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			// a plain ArrayList: the claims are stored through Spring Authorization Server's Jackson allowlist
			context.getClaims().audience(new ArrayList<>(List.of(fhirBase)))
					.claim("client_id", context.getRegisteredClient().getClientId());
			user.flatMap(PortalUser::fhirUser).ifPresent(ref -> context.getClaims().claim("fhirUser", fhirBase + "/" + ref));
			LaunchContext launch = launchContext(context, user, granted);
			launch.patient().ifPresent(patient -> context.getClaims().claim("patient", patient));
			launch.encounter().ifPresent(encounter -> context.getClaims().claim("encounter", encounter));
			if (launch.needPatientBanner()) {
				context.getClaims().claim("need_patient_banner", true);
			}
		} else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue()) && granted.has(NonResourceScope.FHIR_USER)) {
			user.flatMap(PortalUser::fhirUser).ifPresent(ref -> context.getClaims().claim("fhirUser", fhirBase + "/" + ref));
		}
	}

	/**
	 * The launch context: kept from the previous access token on a refresh (an EHR launch value may have expired
	 * by then), the patient a practitioner or caregiver picked at a standalone launch ({@link PickedPatient}), the EHR's launch
	 * value when {@code launch} was granted, else a patient's own standalone launch.
	 */
	private LaunchContext launchContext(JwtEncodingContext context, Optional<PortalUser> user, ScopeSet granted) {
		OAuth2Authorization authorization = context.getAuthorization();
		if (AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType()) && authorization != null
				&& authorization.getAccessToken() != null && authorization.getAccessToken().getClaims() != null) {
			Map<String, Object> previous = authorization.getAccessToken().getClaims();
			return new LaunchContext(Optional.ofNullable(previous.get("patient")).map(Object::toString),
					Optional.ofNullable(previous.get("encounter")).map(Object::toString), Boolean.TRUE.equals(previous.get("need_patient_banner")));
		}
		Optional<String> picked = PickedPatient.of(authorization);
		if (picked.isPresent() && granted.has(NonResourceScope.LAUNCH_PATIENT)) {
			return new LaunchContext(picked, Optional.empty(), true);
		}
		if (granted.has(NonResourceScope.LAUNCH) && authorization != null) {
			OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
			Object launchId = request == null ? null : request.getAdditionalParameters().get("launch");
			if (launchId != null) {
				return launches.find(launchId.toString()).map(LaunchContext::of).orElse(LaunchContext.NONE);
			}
		}
		return user.map(u -> LaunchContext.of(u, granted)).orElse(LaunchContext.NONE);
	}
}
