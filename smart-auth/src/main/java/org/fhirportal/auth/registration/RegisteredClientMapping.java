package org.fhirportal.auth.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.fhirportal.auth.client.SmartClientAssertionDecoderFactory;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Maps checked {@link ClientMetadata} onto Spring Authorization Server's {@link RegisteredClient} with SMART's
 * rules (PKCE required, users consent to every client, refresh tokens rotate, inline public keys where
 * {@link SmartClientAssertionDecoderFactory} reads them), and a client back onto its RFC 7591 metadata
 * (section 3.2.1) for the registration and configuration responses.
 */
final class RegisteredClientMapping {

	private final Duration accessTokenTtl;

	RegisteredClientMapping(Duration accessTokenTtl) {
		this.accessTokenTtl = Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
	}

	/** A new client with a fresh id; {@code secretHash} for a client that authenticates with a secret, else null. */
	RegisteredClient newClient(ClientMetadata metadata, String clientId, String secretHash, Instant now) {
		return apply(RegisteredClient.withId(UUID.randomUUID().toString()).clientId(clientId).clientIdIssuedAt(now)
				.clientSecret(secretHash), metadata, clientId);
	}

	/** The client with its metadata replaced; its id, client_id and secret stay (an administrator's update). */
	RegisteredClient updated(RegisteredClient client, ClientMetadata metadata) {
		if (client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE) != metadata.authMethod().equals(ClientAuthenticationMethod.NONE)
				|| (metadata.usesSecret() && client.getClientSecret() == null)) {
			throw RegistrationErrors.invalidMetadata("token_endpoint_auth_method cannot change between public, secret and key clients; register a new client");
		}
		return apply(RegisteredClient.from(client), metadata, client.getClientId());
	}

	private RegisteredClient apply(RegisteredClient.Builder client, ClientMetadata metadata, String clientId) {
		ClientSettings.Builder settings = ClientSettings.builder()
				.requireProofKey(metadata.grantTypes().contains(AuthorizationGrantType.AUTHORIZATION_CODE))
				.requireAuthorizationConsent(true);
		if (metadata.signingAlg() != null) {
			settings.tokenEndpointAuthenticationSigningAlgorithm(metadata.signingAlg());
		}
		if (metadata.jwksUri() != null) {
			settings.jwkSetUrl(metadata.jwksUri());
		}
		if (metadata.jwks() != null) {
			settings.setting(SmartClientAssertionDecoderFactory.JWKS_SETTING, metadata.jwks().toString(true));
		}
		return client.clientName(metadata.clientName() == null ? clientId : metadata.clientName())
				.clientAuthenticationMethods(methods -> {
					methods.clear();
					methods.add(metadata.authMethod());
				})
				.authorizationGrantTypes(grants -> {
					grants.clear();
					grants.addAll(metadata.grantTypes());
				})
				.redirectUris(uris -> {
					uris.clear();
					uris.addAll(metadata.redirectUris());
				})
				.scopes(scopes -> {
					scopes.clear();
					scopes.addAll(metadata.scopes());
				})
				.clientSettings(settings.build())
				.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).accessTokenTimeToLive(accessTokenTtl).build())
				.build();
	}

	/** The client's metadata (RFC 7591 section 3.2.1), without any secret, and where to read it (RFC 7592). */
	static Map<String, Object> metadataOf(RegisteredClient client, String registrationClientUri) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("client_id", client.getClientId());
		if (client.getClientIdIssuedAt() != null) {
			body.put("client_id_issued_at", client.getClientIdIssuedAt().getEpochSecond());
		}
		body.put("client_name", client.getClientName());
		if (!client.getRedirectUris().isEmpty()) {
			body.put("redirect_uris", List.copyOf(client.getRedirectUris()));
		}
		List<String> grants = client.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).sorted().toList();
		body.put("grant_types", grants);
		body.put("response_types", grants.contains("authorization_code") ? List.of("code") : List.of());
		body.put("token_endpoint_auth_method", client.getClientAuthenticationMethods().iterator().next().getValue());
		ClientSettings settings = client.getClientSettings();
		if (settings.getTokenEndpointAuthenticationSigningAlgorithm() != null) {
			body.put("token_endpoint_auth_signing_alg", settings.getTokenEndpointAuthenticationSigningAlgorithm().getName());
		}
		if (settings.getJwkSetUrl() != null) {
			body.put("jwks_uri", settings.getJwkSetUrl());
		}
		String jwks = settings.getSetting(SmartClientAssertionDecoderFactory.JWKS_SETTING);
		if (jwks != null) {
			try {
				body.put("jwks", com.nimbusds.jose.jwk.JWKSet.parse(jwks).toJSONObject(true));
			} catch (java.text.ParseException e) {
				throw new IllegalStateException("stored jwks of client " + client.getClientId() + " does not parse", e);
			}
		}
		if (!client.getScopes().isEmpty()) {
			body.put("scope", String.join(" ", new ArrayList<>(client.getScopes())));
		}
		body.put("registration_client_uri", registrationClientUri);
		return body;
	}
}
