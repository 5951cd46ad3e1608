package org.fhirportal.auth.registration;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.InvalidScopeException;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.scope.ScopeSet;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * A client's metadata as RFC 7591 section 2 defines it, checked against what this server supports, for SMART App
 * Launch 2.2 clients: public apps ({@code none}, PKCE), symmetric ({@code client_secret_basic} or
 * {@code client_secret_post}) and asymmetric ({@code private_key_jwt} with RS384 or ES384 keys, inline
 * {@code jwks} or {@code jwks_uri}) clients, and SMART Backend Services clients ({@code client_credentials}, no
 * redirect URI). Each field has a length limit; unknown fields are ignored (RFC 7591 section 2). Violations are
 * {@code invalid_redirect_uri} or {@code invalid_client_metadata} naming the field, never an internal message.
 *
 * @param clientName  the name shown to users, or {@code null}
 * @param redirectUris the redirect URIs (none for a client_credentials-only client)
 * @param grantTypes  authorization_code, refresh_token, client_credentials
 * @param authMethod  the token endpoint authentication method
 * @param scopes      the scopes the client may ask for, each a valid SMART or OpenID scope
 * @param jwks        the client's public keys, for private_key_jwt, or {@code null}
 * @param jwksUri     where the client publishes its public keys, for private_key_jwt, or {@code null}
 * @param signingAlg  the algorithm of its client assertions (RS384 unless ES384 is asked for) or {@code null}
 */
public record ClientMetadata(String clientName, List<String> redirectUris, Set<AuthorizationGrantType> grantTypes,
		ClientAuthenticationMethod authMethod, List<String> scopes, JWKSet jwks, String jwksUri, SignatureAlgorithm signingAlg) {

	static final int MAX_NAME_LENGTH = 200;
	static final int MAX_REDIRECT_URIS = 20;
	static final int MAX_SCOPE_LENGTH = 4000;
	static final int MAX_KEYS = 10;
	static final int MAX_JWKS_LENGTH = 32_000;

	private static final Map<String, AuthorizationGrantType> GRANT_TYPES = Map.of(
			"authorization_code", AuthorizationGrantType.AUTHORIZATION_CODE,
			"refresh_token", AuthorizationGrantType.REFRESH_TOKEN,
			"client_credentials", AuthorizationGrantType.CLIENT_CREDENTIALS);
	private static final Map<String, ClientAuthenticationMethod> AUTH_METHODS = Map.of(
			"none", ClientAuthenticationMethod.NONE,
			"client_secret_basic", ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
			"client_secret_post", ClientAuthenticationMethod.CLIENT_SECRET_POST,
			"private_key_jwt", ClientAuthenticationMethod.PRIVATE_KEY_JWT);
	/** Scopes of the administration APIs: never granted to a registered client. */
	private static final Set<NonResourceScope> ADMIN_SCOPES = Set.of(NonResourceScope.CLIENT_CREATE, NonResourceScope.CLIENT_READ,
			NonResourceScope.CLIENT_REGISTRATION, NonResourceScope.CLIENT_ADMIN, NonResourceScope.USER_ADMIN);

	/** Whether the client authenticates with a secret that the server issues. */
	public boolean usesSecret() {
		return authMethod.equals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC) || authMethod.equals(ClientAuthenticationMethod.CLIENT_SECRET_POST);
	}

	/**
	 * Reads and checks a registration request's JSON members.
	 *
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException with an RFC 7591 error
	 */
	static ClientMetadata parse(Map<String, Object> request, ClientUriRules uris) {
		String clientName = string(request, "client_name", MAX_NAME_LENGTH);
		Set<AuthorizationGrantType> grantTypes = new LinkedHashSet<>();
		for (String grant : strings(request, "grant_types", GRANT_TYPES.size(), 50, List.of("authorization_code"))) {
			AuthorizationGrantType type = GRANT_TYPES.get(grant);
			if (type == null) {
				throw RegistrationErrors.invalidMetadata("grant_types: only authorization_code, refresh_token and client_credentials are supported");
			}
			grantTypes.add(type);
		}
		boolean code = grantTypes.contains(AuthorizationGrantType.AUTHORIZATION_CODE);
		if (grantTypes.contains(AuthorizationGrantType.REFRESH_TOKEN) && !code) {
			throw RegistrationErrors.invalidMetadata("grant_types: refresh_token needs authorization_code");
		}
		List<String> responseTypes = strings(request, "response_types", 5, 50, code ? List.of("code") : List.of());
		if (!responseTypes.equals(code ? List.of("code") : List.of())) {
			throw RegistrationErrors.invalidMetadata("response_types must be [\"code\"] with authorization_code, and empty without it");
		}
		String method = string(request, "token_endpoint_auth_method", 50);
		ClientAuthenticationMethod authMethod = AUTH_METHODS.get(method == null ? "client_secret_basic" : method);
		if (authMethod == null) {
			throw RegistrationErrors.invalidMetadata(
					"token_endpoint_auth_method: only none, client_secret_basic, client_secret_post and private_key_jwt are supported");
		}
		if (authMethod.equals(ClientAuthenticationMethod.NONE) && grantTypes.contains(AuthorizationGrantType.CLIENT_CREDENTIALS)) {
			throw RegistrationErrors.invalidMetadata("token_endpoint_auth_method: a client_credentials client must authenticate, not none");
		}
		List<String> redirectUris = strings(request, "redirect_uris", MAX_REDIRECT_URIS, ClientUriRules.MAX_URI_LENGTH, List.of());
		if (code && redirectUris.isEmpty()) {
			throw RegistrationErrors.invalidRedirectUri("redirect_uris: an authorization_code client needs at least one");
		}
		redirectUris.forEach(uris::checkRedirectUri);
		List<String> scopes = scopes(request, grantTypes);
		JWKSet jwks = request.get("jwks") == null ? null : publicKeys(request.get("jwks"));
		String jwksUri = string(request, "jwks_uri", ClientUriRules.MAX_URI_LENGTH);
		SignatureAlgorithm signingAlg = signingAlgorithm(string(request, "token_endpoint_auth_signing_alg", 10), authMethod);
		if (authMethod.equals(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
			if ((jwks == null) == (jwksUri == null)) {
				throw RegistrationErrors.invalidMetadata("a private_key_jwt client registers either jwks or jwks_uri, exactly one of them");
			}
			if (jwksUri != null) {
				uris.checkJwksUri(jwksUri);
			}
		} else if (jwks != null || jwksUri != null) {
			throw RegistrationErrors.invalidMetadata("jwks and jwks_uri are only for token_endpoint_auth_method private_key_jwt");
		}
		return new ClientMetadata(clientName, List.copyOf(redirectUris), Set.copyOf(grantTypes), authMethod, scopes, jwks, jwksUri, signingAlg);
	}

	private static List<String> scopes(Map<String, Object> request, Set<AuthorizationGrantType> grantTypes) {
		String scope = string(request, "scope", MAX_SCOPE_LENGTH);
		if (scope == null || scope.isBlank()) {
			return List.of();
		}
		ScopeSet parsed;
		try {
			parsed = ScopeSet.parse(scope);
		} catch (InvalidScopeException e) {
			throw RegistrationErrors.invalidMetadata(e.getMessage());
		}
		if (parsed.nonResourceScopes().stream().anyMatch(ADMIN_SCOPES::contains)) {
			throw RegistrationErrors.invalidMetadata("scope: the administration scopes (client.create, client.read, client.registration, client.admin, user.admin) cannot be registered");
		}
		// SMART App Launch: system/ scopes are SMART Backend Services' (client_credentials, no user); user/, patient/,
		// launch, OpenID and refresh-token scopes need a user, who is only there in an authorization_code flow
		boolean systemScopes = parsed.resourceScopes().stream().anyMatch(s -> s.context() == Context.SYSTEM);
		if (systemScopes && !grantTypes.equals(Set.of(AuthorizationGrantType.CLIENT_CREDENTIALS))) {
			throw RegistrationErrors.invalidMetadata("scope: system/ scopes are for clients whose only grant type is client_credentials");
		}
		boolean userScopes = parsed.resourceScopes().stream().anyMatch(s -> s.context() != Context.SYSTEM)
				|| !parsed.nonResourceScopes().isEmpty();
		if (userScopes && !grantTypes.contains(AuthorizationGrantType.AUTHORIZATION_CODE)) {
			throw RegistrationErrors.invalidMetadata(
					"scope: user/, patient/, launch, openid, fhirUser, profile, offline_access and online_access scopes need authorization_code");
		}
		return parsed.tokens();
	}

	private static SignatureAlgorithm signingAlgorithm(String alg, ClientAuthenticationMethod authMethod) {
		if (!authMethod.equals(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
			if (alg != null) {
				throw RegistrationErrors.invalidMetadata("token_endpoint_auth_signing_alg is only for private_key_jwt");
			}
			return null;
		}
		if (alg == null || alg.equals("RS384")) {
			return SignatureAlgorithm.RS384;
		}
		if (alg.equals("ES384")) {
			return SignatureAlgorithm.ES384;
		}
		throw RegistrationErrors.invalidMetadata("token_endpoint_auth_signing_alg must be RS384 or ES384 (SMART App Launch)");
	}

	/** Public RSA (at least 2048 bits) or EC P-384 keys, each with a kid, at most {@value #MAX_KEYS}. */
	@SuppressWarnings("unchecked")
	private static JWKSet publicKeys(Object value) {
		if (!(value instanceof Map<?, ?> map) || String.valueOf(map).length() > MAX_JWKS_LENGTH) {
			throw RegistrationErrors.invalidMetadata("jwks must be a JWK Set object of at most " + MAX_JWKS_LENGTH + " characters");
		}
		JWKSet keys;
		try {
			keys = JWKSet.parse((Map<String, Object>) map);
		} catch (ParseException | RuntimeException e) {
			throw RegistrationErrors.invalidMetadata("jwks is not a valid JWK Set");
		}
		if (keys.getKeys().isEmpty() || keys.getKeys().size() > MAX_KEYS) {
			throw RegistrationErrors.invalidMetadata("jwks must hold between 1 and " + MAX_KEYS + " keys");
		}
		for (JWK key : keys.getKeys()) {
			if (key.getKeyID() == null || key.getKeyID().isBlank() || key.getKeyID().length() > 200) {
				throw RegistrationErrors.invalidMetadata("jwks: every key needs a kid");
			}
			if (key.isPrivate()) {
				throw RegistrationErrors.invalidMetadata("jwks must hold public keys only");
			}
			boolean rsa = key instanceof RSAKey r && r.size() >= 2048;
			boolean ec = key instanceof ECKey e && com.nimbusds.jose.jwk.Curve.P_384.equals(e.getCurve());
			if (!rsa && !ec) {
				throw RegistrationErrors.invalidMetadata("jwks: keys must be RSA of at least 2048 bits (RS384) or EC P-384 (ES384)");
			}
		}
		return keys;
	}

	private static String string(Map<String, Object> request, String name, int maxLength) {
		Object value = request.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String s)) {
			throw RegistrationErrors.invalidMetadata(name + " must be a string");
		}
		if (s.length() > maxLength) {
			throw RegistrationErrors.invalidMetadata(name + " must be at most " + maxLength + " characters");
		}
		return s;
	}

	private static List<String> strings(Map<String, Object> request, String name, int maxItems, int maxLength, List<String> absent) {
		Object value = request.get(name);
		if (value == null) {
			return new ArrayList<>(absent);
		}
		if (!(value instanceof Collection<?> items) || items.size() > maxItems) {
			throw RegistrationErrors.invalidMetadata(name + " must be an array of at most " + maxItems + " strings");
		}
		List<String> values = new ArrayList<>();
		for (Object item : items) {
			if (!(item instanceof String s) || s.isEmpty() || s.length() > maxLength) {
				throw RegistrationErrors.invalidMetadata(name + " must hold strings of 1 to " + maxLength + " characters");
			}
			values.add(s);
		}
		return values;
	}
}
