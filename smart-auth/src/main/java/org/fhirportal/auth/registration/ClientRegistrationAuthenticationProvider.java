package org.fhirportal.auth.registration;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fhirportal.auth.scope.NonResourceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * Registers clients (RFC 7591 section 3) and answers configuration reads (RFC 7592 section 2.1) at Spring
 * Authorization Server's registration endpoint, as its own {@code OidcClientRegistrationAuthenticationProvider}
 * and {@code OidcClientConfigurationAuthenticationProvider} do: the initial access token must be active and carry
 * {@code client.create} and is spent by the registration; the new client gets a registration access token of scope
 * {@code client.registration}, good only for reading its own configuration here. Unlike them it takes RFC 7591 metadata rather than
 * OpenID Connect's (a SMART Backend Services client has no redirect URI; a private_key_jwt client may register its
 * keys inline) and checks it strictly ({@link ClientMetadata}). No internal message reaches the response.
 */
final class ClientRegistrationAuthenticationProvider implements AuthenticationProvider {

	static final String CLIENT_CREATE = "client.create";
	/** The registration access token's scope: good only here, for its own client; the admin APIs do not take it. */
	static final String CLIENT_REGISTRATION = NonResourceScope.CLIENT_REGISTRATION.value();

	private static final Logger log = LoggerFactory.getLogger(ClientRegistrationAuthenticationProvider.class);
	private static final SecureRandom RANDOM = new SecureRandom();

	private final RegisteredClientRepository clients;
	private final OAuth2AuthorizationService authorizations;
	private final OAuth2TokenGenerator<? extends OAuth2Token> tokens;
	private final PasswordEncoder secretEncoder;
	private final RegisteredClientMapping mapping;
	private final ClientUriRules uriRules;
	private final String registrationPath;
	private final Clock clock;

	ClientRegistrationAuthenticationProvider(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			OAuth2TokenGenerator<? extends OAuth2Token> tokens, PasswordEncoder secretEncoder, RegisteredClientMapping mapping,
			ClientUriRules uriRules, String registrationPath, Clock clock) {
		this.clients = Objects.requireNonNull(clients, "clients");
		this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
		this.tokens = Objects.requireNonNull(tokens, "tokens");
		this.secretEncoder = Objects.requireNonNull(secretEncoder, "secretEncoder");
		this.mapping = Objects.requireNonNull(mapping, "mapping");
		this.uriRules = Objects.requireNonNull(uriRules, "uriRules");
		this.registrationPath = Objects.requireNonNull(registrationPath, "registrationPath");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ClientRegistrationAuthentication.class.isAssignableFrom(authentication);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ClientRegistrationAuthentication request = (ClientRegistrationAuthentication) authentication;
		Authentication principal = (Authentication) request.getPrincipal();
		try {
			return request.metadata() != null ? register(principal, request.metadata()) : read(principal, request.clientId());
		} catch (DataAccessException | IllegalArgumentException | IllegalStateException e) {
			// the filter would copy the message (SQL, say) into error_description
			log.warn("Client registration request failed", e);
			throw new OAuth2AuthenticationException(new OAuth2Error(RegistrationErrors.INVALID_CLIENT_METADATA,
					"the registration request could not be processed", null));
		}
	}

	private Authentication register(Authentication principal, Map<String, Object> request) {
		OAuth2Authorization initial = activeAuthorization(principal, CLIENT_CREATE);
		ClientMetadata metadata = ClientMetadata.parse(request, uriRules);
		String clientId = randomToken(24);
		String secret = metadata.usesSecret() ? randomToken(32) : null;
		RegisteredClient client = mapping.newClient(metadata, clientId, secret == null ? null : secretEncoder.encode(secret), clock.instant());
		clients.save(client);
		OAuth2AccessToken registrationToken = issueRegistrationToken(client);
		OAuth2AccessToken initialToken = initial.getAccessToken().getToken();
		authorizations.save(OAuth2Authorization.from(initial)
				.token(initialToken, m -> m.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true)).build());
		Map<String, Object> body = RegisteredClientMapping.metadataOf(client, registrationClientUri(clientId));
		if (secret != null) {
			body.put("client_secret", secret);
			body.put("client_secret_expires_at", 0);
		}
		body.put("registration_access_token", registrationToken.getTokenValue());
		return ClientRegistrationAuthentication.answered(principal, body, 201);
	}

	private Authentication read(Authentication principal, String clientId) {
		OAuth2Authorization authorization = activeAuthorization(principal, CLIENT_REGISTRATION);
		RegisteredClient client = clients.findByClientId(clientId);
		if (client == null || !client.getId().equals(authorization.getRegisteredClientId())) {
			// RFC 7592 section 2.1: 401 for a client that does not exist or that the token is not for
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					"the registration access token is not for this client", null));
		}
		return ClientRegistrationAuthentication.answered(principal, RegisteredClientMapping.metadataOf(client, registrationClientUri(clientId)), 200);
	}

	/** The authorization of the request's bearer token, active and carrying the scope. */
	@SuppressWarnings("unchecked")
	private OAuth2Authorization activeAuthorization(Authentication principal, String scope) {
		if (!(principal instanceof AbstractOAuth2TokenAuthenticationToken<?> bearer) || !bearer.isAuthenticated()) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN);
		}
		OAuth2Authorization authorization = authorizations.findByToken(bearer.getToken().getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
		if (authorization == null || authorization.getAccessToken() == null || !authorization.getAccessToken().isActive()) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN);
		}
		Object granted = authorization.getAccessToken().getClaims() == null ? null : authorization.getAccessToken().getClaims().get("scope");
		if (!(granted instanceof Collection<?> scopes) || !scopes.contains(scope)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INSUFFICIENT_SCOPE, "this needs scope " + scope, null));
		}
		return authorization;
	}

	/** A token of scope client.registration for the new client (RFC 7592 section 3), stored like Spring AS stores its own. */
	private OAuth2AccessToken issueRegistrationToken(RegisteredClient client) {
		// a JDK-serialisable set: the JDBC authorization service's JSON allowlist refuses Set.of's class
		Set<String> scopes = java.util.Collections.unmodifiableSet(new java.util.HashSet<>(java.util.List.of(CLIENT_REGISTRATION)));
		DefaultOAuth2TokenContext context = DefaultOAuth2TokenContext.builder()
				.registeredClient(client)
				.principal(new OAuth2ClientAuthenticationToken(client, client.getClientAuthenticationMethods().iterator().next(), null))
				.authorizationServerContext(AuthorizationServerContextHolder.getContext())
				.authorizedScopes(scopes)
				.tokenType(OAuth2TokenType.ACCESS_TOKEN)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.build();
		OAuth2Token generated = tokens.generate(context);
		if (generated == null) {
			throw new IllegalStateException("no registration access token was generated");
		}
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, generated.getTokenValue(),
				generated.getIssuedAt(), generated.getExpiresAt(), scopes);
		OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(client)
				.principalName(client.getClientId())
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.authorizedScopes(scopes);
		if (generated instanceof ClaimAccessor claims) {
			authorization.token(accessToken, m -> m.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims.getClaims()));
		} else {
			authorization.accessToken(accessToken);
		}
		authorizations.save(authorization.build());
		return accessToken;
	}

	private String registrationClientUri(String clientId) {
		return AuthorizationServerContextHolder.getContext().getIssuer() + registrationPath + "?client_id="
				+ URLEncoder.encode(clientId, StandardCharsets.UTF_8);
	}

	private static String randomToken(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}
}
