package org.fhirportal.auth.registration;

import java.util.Objects;
import org.springframework.security.config.Customizer;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OidcClientRegistrationEndpointConfigurer;

/**
 * Plugs SMART client registration into Spring Authorization Server's registration endpoint
 * ({@code /connect/register}) through its hooks: the request converter, an authentication provider ahead of its
 * own, and the response handler. Its error handler stays: RFC 7591 errors answer 400, a missing or spent token 401,
 * a token without the scope 403.
 */
public final class ClientRegistrationEndpointCustomizer implements Customizer<OidcClientRegistrationEndpointConfigurer> {

	private final ClientRegistrationAuthenticationProvider provider;

	ClientRegistrationEndpointCustomizer(ClientRegistrationAuthenticationProvider provider) {
		this.provider = Objects.requireNonNull(provider, "provider");
	}

	@Override
	public void customize(OidcClientRegistrationEndpointConfigurer endpoint) {
		endpoint.clientRegistrationRequestConverter(new ClientRegistrationRequestConverter())
				.authenticationProviders(providers -> providers.add(0, provider))
				.clientRegistrationResponseHandler(new ClientRegistrationResponseHandler());
	}
}
