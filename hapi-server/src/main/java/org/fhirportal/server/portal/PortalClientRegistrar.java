package org.fhirportal.server.portal;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.fhirportal.auth.SmartAuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers (or updates) the portal app as a SMART public client once the web server listens: no secret, PKCE
 * required, the user consents, refresh tokens rotate (as {@code /connect/register} registers any
 * public app). Its redirect URIs are the configured ones, else the issuer's {@code /portal/}, else this machine's
 * loopback addresses on the port the server listens on (an authorization server accepts any port for
 * {@code 127.0.0.1}, RFC 8252 section 7.3, but only the registered one for {@code localhost}).
 */
final class PortalClientRegistrar implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger log = LoggerFactory.getLogger(PortalClientRegistrar.class);

	private final RegisteredClientRepository clients;
	private final PortalAppProperties app;
	private final SmartAuthProperties auth;

	PortalClientRegistrar(RegisteredClientRepository clients, PortalAppProperties app, SmartAuthProperties auth) {
		this.clients = Objects.requireNonNull(clients, "clients");
		this.app = Objects.requireNonNull(app, "app");
		this.auth = Objects.requireNonNull(auth, "auth");
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return; // a management server on its own port serves no portal
		}
		Set<String> redirectUris = redirectUris(event.getWebServer().getPort());
		RegisteredClient existing = clients.findByClientId(app.clientId());
		RegisteredClient.Builder client = existing != null
				? RegisteredClient.from(existing)
				: RegisteredClient.withId("portal-" + app.clientId()).clientId(app.clientId());
		clients.save(client
				.clientName("Patient portal")
				.clientSecret(null)
				.clientAuthenticationMethods(methods -> {
					methods.clear();
					methods.add(ClientAuthenticationMethod.NONE);
				})
				.authorizationGrantTypes(grants -> {
					grants.clear();
					grants.add(AuthorizationGrantType.AUTHORIZATION_CODE);
					grants.add(AuthorizationGrantType.REFRESH_TOKEN);
				})
				.redirectUris(uris -> {
					uris.clear();
					uris.addAll(redirectUris);
				})
				// OpenID Connect RP-initiated logout returns to the app, which then shows the sign-in page
				.postLogoutRedirectUris(uris -> {
					uris.clear();
					uris.addAll(redirectUris);
				})
				.scopes(scopes -> {
					scopes.clear();
					scopes.addAll(app.scopes());
				})
				.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
				.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).accessTokenTimeToLive(auth.accessTokenTtl()).build())
				.build());
		log.info("Portal app registered as public client '{}' with redirect URIs {}", app.clientId(), redirectUris);
	}

	Set<String> redirectUris(int port) {
		Set<String> uris = new LinkedHashSet<>();
		app.redirectUris().forEach(uri -> uris.add(uri.toString()));
		if (uris.isEmpty() && !auth.issuer().isBlank()) {
			uris.add(auth.issuer() + "/portal/");
		}
		if (uris.isEmpty()) {
			uris.add("http://127.0.0.1:" + port + "/portal/");
			uris.add("http://localhost:" + port + "/portal/");
		}
		return uris;
	}
}
