package org.fhirportal.auth.external;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fhirportal.auth.discovery.SmartConfiguration;

/**
 * The SMART configuration in external issuer mode: the external issuer's endpoints and capabilities, as
 * configured ({@code smart.external.*}), so apps discover where to authorize from this FHIR server as usual.
 * Configured rather than fetched from the issuer's discovery document, so start-up does not depend on the issuer.
 */
final class ExternalSmartConfiguration implements SmartConfiguration {

	private final ExternalIssuerProperties properties;

	ExternalSmartConfiguration(ExternalIssuerProperties properties) {
		this.properties = Objects.requireNonNull(properties, "properties");
	}

	@Override
	public Map<String, Object> document(String serverRoot) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", properties.issuerUri());
		document.put("jwks_uri", properties.jwksUri());
		document.put("authorization_endpoint", properties.authorizationEndpoint());
		document.put("token_endpoint", properties.tokenEndpoint());
		if (!properties.revocationEndpoint().isBlank()) {
			document.put("revocation_endpoint", properties.revocationEndpoint());
		}
		document.put("grant_types_supported", properties.grantTypes());
		document.put("response_types_supported", List.of("code"));
		document.put("code_challenge_methods_supported", List.of("S256"));
		document.put("capabilities", properties.capabilities());
		return document;
	}
}
