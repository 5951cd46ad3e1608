package org.fhirportal.auth.registration;

import java.time.Clock;
import org.fhirportal.auth.SmartAuthProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.support.TransactionTemplate;

/** Dynamic client registration (RFC 7591, RFC 7592) and the administrators' client API, with the built-in server. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientRegistrationProperties.class)
public class ClientRegistrationConfig {

	@Bean
	public ClientRegistrationEndpointCustomizer clientRegistrationEndpointCustomizer(RegisteredClientRepository clients,
			OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<OAuth2Token> tokenGenerator, PasswordEncoder clientSecretEncoder,
			SmartAuthProperties properties, ClientRegistrationProperties registration, AuthorizationServerSettings settings) {
		return new ClientRegistrationEndpointCustomizer(new ClientRegistrationAuthenticationProvider(clients, authorizations, tokenGenerator,
				clientSecretEncoder, new RegisteredClientMapping(properties.accessTokenTtl()), uriRules(registration),
				settings.getOidcClientRegistrationEndpoint(), Clock.systemUTC()));
	}

	@Bean
	public ClientAdminController clientAdminController(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			JdbcTemplate jdbc, TransactionTemplate transactions, SmartAuthProperties properties, ClientRegistrationProperties registration,
			AuthorizationServerSettings settings) {
		return new ClientAdminController(clients, authorizations, jdbc, transactions, new RegisteredClientMapping(properties.accessTokenTtl()),
				uriRules(registration), properties.admin().clientId(), properties.issuer(), settings.getOidcClientRegistrationEndpoint());
	}

	private static ClientUriRules uriRules(ClientRegistrationProperties registration) {
		return new ClientUriRules(registration.allowHttpJwksUriOnLoopback());
	}
}
