package org.fhirportal.auth.apps;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The apps a user has approved, and their revocation. Spring Authorization Server's services store consents and
 * authorizations but cannot list them by user, so the two look-ups by {@code principal_name} are hand-written SQL
 * on its JDBC schema; everything read or removed goes through its services, so revoking an app removes the consent
 * and every authorization of that client for that user, and its access tokens are recorded as revoked (the FHIR
 * endpoint refuses them at once).
 */
public final class ConnectedApps {

	/** One approved app: its client, its name, the scopes the user approved, and whether it holds live tokens. */
	public record ConnectedApp(String clientId, String clientName, List<String> scopes, boolean active) {}

	private final JdbcTemplate jdbc;
	private final RegisteredClientRepository clients;
	private final OAuth2AuthorizationConsentService consents;
	private final OAuth2AuthorizationService authorizations;
	private final SecurityAuditPublisher audit;
	private final Clock clock;

	public ConnectedApps(JdbcTemplate jdbc, RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			OAuth2AuthorizationService authorizations, SecurityAuditPublisher audit, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clients = Objects.requireNonNull(clients, "clients");
		this.consents = Objects.requireNonNull(consents, "consents");
		this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
		this.audit = Objects.requireNonNull(audit, "audit");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** The user's approved apps (a stored consent, or tokens still live), by client name. */
	public List<ConnectedApp> list(String username) {
		Map<String, ConnectedApp> apps = new LinkedHashMap<>();
		for (String registeredClientId : jdbc.queryForList(
				"SELECT registered_client_id FROM oauth2_authorization_consent WHERE principal_name = ?", String.class, username)) {
			app(registeredClientId, username).ifPresent(app -> apps.put(app.clientId(), app));
		}
		for (String registeredClientId : liveAuthorizationClients(username)) {
			app(registeredClientId, username).ifPresent(app -> apps.putIfAbsent(app.clientId(), app));
		}
		return apps.values().stream().sorted(java.util.Comparator.comparing(ConnectedApp::clientName, String.CASE_INSENSITIVE_ORDER)).toList();
	}

	/**
	 * Withdraws the user's consent to the app and revokes every authorization (codes, access and refresh tokens)
	 * the app holds for the user.
	 *
	 * @return whether there was anything to revoke
	 */
	public boolean revoke(String username, String clientId) {
		RegisteredClient client = clients.findByClientId(clientId);
		if (client == null) {
			return false;
		}
		boolean revoked = false;
		OAuth2AuthorizationConsent consent = consents.findById(client.getId(), username);
		if (consent != null) {
			consents.remove(consent);
			revoked = true;
		}
		List<String> ids = jdbc.queryForList("SELECT id FROM oauth2_authorization WHERE registered_client_id = ? AND principal_name = ?",
				String.class, client.getId(), username);
		for (String id : ids) {
			OAuth2Authorization authorization = authorizations.findById(id);
			if (authorization != null) {
				authorizations.remove(authorization);
				revoked = true;
			}
		}
		if (!ids.isEmpty()) {
			audit.publish(SecurityAuditEvent.Type.TOKEN_REVOKED, username, clientId, true,
					ids.size() + " authorization(s) revoked by the user");
		}
		return revoked;
	}

	private List<String> liveAuthorizationClients(String username) {
		Timestamp now = Timestamp.from(clock.instant());
		return jdbc.queryForList("SELECT DISTINCT registered_client_id FROM oauth2_authorization WHERE principal_name = ?"
				+ " AND authorization_grant_type <> 'client_credentials'"
				+ " AND (access_token_expires_at > ? OR refresh_token_expires_at > ?)", String.class, username, now, now);
	}

	private Optional<ConnectedApp> app(String registeredClientId, String username) {
		RegisteredClient client = clients.findById(registeredClientId);
		if (client == null) {
			return Optional.empty();
		}
		OAuth2AuthorizationConsent consent = consents.findById(registeredClientId, username);
		List<String> scopes = consent == null ? List.of() : List.copyOf(new TreeSet<>(consent.getScopes()));
		boolean active = liveAuthorizationClients(username).contains(registeredClientId);
		return Optional.of(new ConnectedApp(client.getClientId(), client.getClientName(), scopes, active));
	}
}
