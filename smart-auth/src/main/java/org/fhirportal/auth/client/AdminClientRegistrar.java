package org.fhirportal.auth.client;

import org.fhirportal.auth.SmartAuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registers (or updates) the bootstrap administration client at start-up from {@code smart.auth.admin.*}: a
 * confidential client that obtains tokens by client_credentials for the admin APIs and {@code system/*} FHIR
 * access. Its secret comes from configuration, so changing the environment variable rotates it.
 */
public class AdminClientRegistrar implements ApplicationRunner {

	/** Everything an EHR push client or an administrator may need: SMART v2 system access, client registration and management, accounts. */
	static final java.util.List<String> ADMIN_SCOPES = java.util.List.of("system/*.cruds", "client.create", "client.read", "client.admin", "user.admin");

	private static final Logger log = LoggerFactory.getLogger(AdminClientRegistrar.class);

	private final RegisteredClientRepository clients;
	private final PasswordEncoder secretEncoder;
	private final SmartAuthProperties properties;

	public AdminClientRegistrar(RegisteredClientRepository clients, PasswordEncoder secretEncoder, SmartAuthProperties properties) {
		this.clients = clients;
		this.secretEncoder = secretEncoder;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		String clientId = properties.admin().clientId();
		RegisteredClient existing = clients.findByClientId(clientId);
		RegisteredClient.Builder client = existing != null
				? RegisteredClient.from(existing)
				: RegisteredClient.withId("admin-" + clientId).clientId(clientId);
		clients.save(client
				.clientName("Portal administration")
				.clientSecret(secretEncoder.encode(properties.adminClientSecret()))
				.clientAuthenticationMethods(methods -> {
					methods.clear();
					methods.add(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
					methods.add(ClientAuthenticationMethod.CLIENT_SECRET_POST);
				})
				.authorizationGrantTypes(grants -> {
					grants.clear();
					grants.add(AuthorizationGrantType.CLIENT_CREDENTIALS);
				})
				.scopes(scopes -> {
					scopes.clear();
					scopes.addAll(ADMIN_SCOPES);
				})
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenTtl()).build())
				.build());
		log.info("Admin client '{}' registered{}", clientId, properties.demo() && properties.admin().clientSecret().isBlank()
				? " with the documented demo secret" : "");
	}
}
