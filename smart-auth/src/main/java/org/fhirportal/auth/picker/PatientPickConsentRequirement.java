package org.fhirportal.auth.picker;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;

/**
 * When Spring Authorization Server shows the consent page: as it does by default (the client requires consent and
 * the user has not yet approved every requested scope), and also whenever the user must pick a patient, because
 * the patient picker sits in front of the consent page. Without this, a practitioner or caregiver launching an app
 * a second time would skip the consent page and get a token with no patient in context.
 */
public final class PatientPickConsentRequirement implements Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final JdbcPortalUsers users;

	public PatientPickConsentRequirement(JdbcPortalUsers users) {
		this.users = Objects.requireNonNull(users, "users");
	}

	@Override
	public boolean test(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
		Set<String> requested = request.getScopes();
		if (mustPickPatient(context, request)) {
			return true;
		}
		if (!context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
			return false;
		}
		if (requested.contains(OidcScopes.OPENID) && requested.size() == 1) {
			return false;
		}
		OAuth2AuthorizationConsent consent = context.getAuthorizationConsent();
		return consent == null || !consent.getScopes().containsAll(requested);
	}

	private boolean mustPickPatient(OAuth2AuthorizationCodeRequestAuthenticationContext context, OAuth2AuthorizationRequest request) {
		if (!request.getScopes().contains("launch/patient") || request.getAdditionalParameters().get("launch") != null
				|| !(context.getAuthentication().getPrincipal() instanceof Authentication user)) {
			return false;
		}
		return users.find(user.getName())
				.filter(account -> account.role() == PortalRole.PRACTITIONER || account.role() == PortalRole.RELATED_PERSON)
				.isPresent();
	}
}
