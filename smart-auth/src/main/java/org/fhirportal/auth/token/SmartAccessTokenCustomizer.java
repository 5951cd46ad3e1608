package org.fhirportal.auth.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.scope.ScopeSet;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes the JWTs this server issues. Access tokens: the audience is the FHIR base URL (issuer plus FHIR path),
 * which the resource server requires; {@code client_id} names the client (RFC 9068); a user's token carries
 * {@code fhirUser} and, in a patient launch, {@code patient}. ID tokens carry {@code fhirUser} when the
 * {@code fhirUser} scope was granted (SMART App Launch 2.2, "fhirUser").
 */
public final class SmartAccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final String fhirPath;
	private final JdbcPortalUsers users;

	public SmartAccessTokenCustomizer(String fhirPath, JdbcPortalUsers users) {
		this.fhirPath = Objects.requireNonNull(fhirPath, "fhirPath");
		this.users = Objects.requireNonNull(users, "users");
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
			user.ifPresent(u -> {
				u.fhirUser().ifPresent(ref -> context.getClaims().claim("fhirUser", fhirBase + "/" + ref));
				LaunchContext.of(u, granted).patient().ifPresent(patient -> context.getClaims().claim("patient", patient));
			});
		} else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue()) && granted.has(NonResourceScope.FHIR_USER)) {
			user.flatMap(PortalUser::fhirUser).ifPresent(ref -> context.getClaims().claim("fhirUser", fhirBase + "/" + ref));
		}
	}
}
