package org.fhirportal.auth.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fhirportal.auth.SmartAuthProperties;

/** The SMART configuration of the built-in authorization server: its endpoints and only the capabilities it implements. */
public final class BuiltInSmartConfiguration implements SmartConfiguration {

	/** Capabilities implemented so far; each new flow adds its own. */
	static final List<String> CAPABILITIES = List.of("launch-ehr", "launch-standalone", "authorize-post", "client-public",
			"client-confidential-symmetric", "client-confidential-asymmetric", "sso-openid-connect", "context-standalone-patient", "context-ehr-patient",
			"context-ehr-encounter", "context-banner", "context-style",
			"permission-offline", "permission-online", "permission-patient", "permission-user", "permission-v1", "permission-v2");

	private final SmartAuthProperties properties;

	public BuiltInSmartConfiguration(SmartAuthProperties properties) {
		this.properties = Objects.requireNonNull(properties, "properties");
	}

	@Override
	public Map<String, Object> document(String serverRoot) {
		String issuer = properties.issuer().isBlank() ? serverRoot : properties.issuer();
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", issuer);
		document.put("jwks_uri", issuer + "/oauth2/jwks");
		document.put("authorization_endpoint", issuer + "/oauth2/authorize");
		document.put("token_endpoint", issuer + "/oauth2/token");
		document.put("introspection_endpoint", issuer + "/oauth2/introspect");
		document.put("revocation_endpoint", issuer + "/oauth2/revoke");
		document.put("registration_endpoint", issuer + "/connect/register");
		document.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
		document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"));
		document.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
		document.put("scopes_supported", List.of("openid", "fhirUser", "profile", "launch", "launch/patient", "offline_access", "online_access", "patient/*.rs", "patient/*.read",
				"system/*.cruds", "system/*.rs", "system/*.read", "system/*.write"));
		document.put("response_types_supported", List.of("code"));
		document.put("code_challenge_methods_supported", List.of("S256"));
		document.put("capabilities", CAPABILITIES);
		return document;
	}
}
