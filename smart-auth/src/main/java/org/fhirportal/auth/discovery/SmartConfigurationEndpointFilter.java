package org.fhirportal.auth.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fhirportal.auth.SmartAuthProperties;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Serves the SMART discovery document at {@code {fhir-base}/.well-known/smart-configuration}
 * (<a href="https://hl7.org/fhir/smart-app-launch/conformance.html">SMART App Launch, conformance</a>): public,
 * with CORS, listing the endpoints of this server's authorization server and only the capabilities it implements.
 */
public final class SmartConfigurationEndpointFilter extends OncePerRequestFilter {

	/** Capabilities implemented so far; each new flow adds its own. */
	static final List<String> CAPABILITIES = List.of("launch-ehr", "launch-standalone", "authorize-post", "client-public",
			"client-confidential-symmetric", "client-confidential-asymmetric", "sso-openid-connect", "context-standalone-patient", "context-ehr-patient",
			"context-ehr-encounter", "context-banner",
			"permission-offline", "permission-online", "permission-patient", "permission-user", "permission-v1", "permission-v2");

	private final SmartAuthProperties properties;
	private final ObjectMapper json = new ObjectMapper();

	public SmartConfigurationEndpointFilter(SmartAuthProperties properties) {
		this.properties = properties;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().equals(request.getContextPath() + properties.fhirPath() + "/.well-known/smart-configuration");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Access-Control-Allow-Origin", "*");
		if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
			response.setHeader("Allow", "GET, HEAD, OPTIONS");
			response.setStatus("OPTIONS".equals(request.getMethod()) ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_METHOD_NOT_ALLOWED);
			return;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader("Cache-Control", "public, max-age=3600");
		json.writeValue(response.getOutputStream(), document(issuer(request)));
	}

	private String issuer(HttpServletRequest request) {
		return properties.issuer().isBlank()
				? ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString()
				: properties.issuer();
	}

	static Map<String, Object> document(String issuer) {
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
