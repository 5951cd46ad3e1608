package org.fhirportal.auth.consent;

import java.util.Objects;
import java.util.TreeSet;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's consent store, publishing {@code CONSENT_GRANTED} (with the approved scopes) when a
 * user's consent is saved and {@code CONSENT_WITHDRAWN} when it is removed (the user denied every scope at the
 * consent page, or revoked the app in their list of connected apps).
 */
public final class AuditedAuthorizationConsentService implements OAuth2AuthorizationConsentService {

	private final OAuth2AuthorizationConsentService delegate;
	private final RegisteredClientRepository clients;
	private final SecurityAuditPublisher audit;

	public AuditedAuthorizationConsentService(OAuth2AuthorizationConsentService delegate, RegisteredClientRepository clients,
			SecurityAuditPublisher audit) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.clients = Objects.requireNonNull(clients, "clients");
		this.audit = Objects.requireNonNull(audit, "audit");
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		delegate.save(consent);
		audit.publish(SecurityAuditEvent.Type.CONSENT_GRANTED, consent.getPrincipalName(), clientId(consent), true,
				String.join(" ", new TreeSet<>(consent.getScopes())));
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		delegate.remove(consent);
		audit.publish(SecurityAuditEvent.Type.CONSENT_WITHDRAWN, consent.getPrincipalName(), clientId(consent), true,
				String.join(" ", new TreeSet<>(consent.getScopes())));
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return delegate.findById(registeredClientId, principalName);
	}

	private String clientId(OAuth2AuthorizationConsent consent) {
		RegisteredClient client = clients.findById(consent.getRegisteredClientId());
		return client == null ? consent.getRegisteredClientId() : client.getClientId();
	}
}
