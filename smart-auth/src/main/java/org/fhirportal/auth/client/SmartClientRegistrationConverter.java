package org.fhirportal.auth.client;

import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.fhirportal.auth.scope.InvalidScopeException;
import org.fhirportal.auth.scope.ScopeSet;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.oidc.OidcClientRegistration;
import org.springframework.security.oauth2.server.authorization.oidc.converter.OidcClientRegistrationRegisteredClientConverter;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Turns an RFC 7591 registration request into a client with SMART's rules: every scope must parse as a SMART
 * scope (else {@code invalid_client_metadata}, naming it); PKCE is required and users consent to every client;
 * refresh tokens rotate; an asymmetric client may register its public keys inline ({@code jwks}) or by
 * {@code jwks_uri}, and signs with RS384 or ES384. Everything else as Spring Authorization Server converts it.
 */
public final class SmartClientRegistrationConverter implements Converter<OidcClientRegistration, RegisteredClient> {

	private final OidcClientRegistrationRegisteredClientConverter standard = new OidcClientRegistrationRegisteredClientConverter();
	private final Duration accessTokenTtl;

	public SmartClientRegistrationConverter(Duration accessTokenTtl) {
		this.accessTokenTtl = Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
	}

	@Override
	public RegisteredClient convert(OidcClientRegistration registration) {
		try {
			ScopeSet.of(registration.getScopes() == null ? java.util.List.of() : registration.getScopes());
		} catch (InvalidScopeException e) {
			throw invalidMetadata(e.getMessage());
		}
		RegisteredClient client = standard.convert(registration);
		if (ClientAuthenticationMethod.NONE.getValue().equals(registration.getTokenEndpointAuthenticationMethod())) {
			// a public app (SMART "client-public"): no secret; Spring Authorization Server's converter would make one
			client = RegisteredClient.from(client)
					.clientAuthenticationMethods(methods -> {
						methods.clear();
						methods.add(ClientAuthenticationMethod.NONE);
					})
					.clientSecret(null)
					.clientSecretExpiresAt(null)
					.build();
		}
		ClientSettings.Builder settings = ClientSettings.withSettings(client.getClientSettings().getSettings())
				.requireProofKey(true)
				.requireAuthorizationConsent(true);
		if (client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
			settings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384);
			Object jwks = registration.getClaims().get("jwks");
			if (jwks instanceof Map<?, ?> keys) {
				settings.setting(SmartClientAssertionDecoderFactory.JWKS_SETTING, publicJwks(keys));
			} else if (registration.getJwkSetUrl() == null) {
				throw invalidMetadata("a private_key_jwt client must register jwks or jwks_uri");
			}
		}
		return RegisteredClient.from(client)
				.clientSettings(settings.build())
				.tokenSettings(TokenSettings.withSettings(client.getTokenSettings().getSettings())
						.reuseRefreshTokens(false)
						.accessTokenTimeToLive(accessTokenTtl)
						.build())
				.build();
	}

	@SuppressWarnings("unchecked")
	private static String publicJwks(Map<?, ?> jwks) {
		try {
			JWKSet keys = JWKSet.parse((Map<String, Object>) jwks);
			if (keys.getKeys().isEmpty() || keys.getKeys().stream().anyMatch(k -> k.getKeyID() == null || k.isPrivate())) {
				throw invalidMetadata("jwks must hold public keys only, each with a kid");
			}
			return keys.toString();
		} catch (ParseException e) {
			throw invalidMetadata("jwks is not a JWK Set: " + e.getMessage());
		}
	}

	private static OAuth2AuthenticationException invalidMetadata(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error("invalid_client_metadata", description, null));
	}
}
