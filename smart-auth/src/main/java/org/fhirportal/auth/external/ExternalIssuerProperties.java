package org.fhirportal.auth.external;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.fhirportal.auth.resource.SmartClaimNames;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of external issuer mode ({@code smart.external.*}): the built-in authorization server stays off, and the
 * FHIR endpoint accepts the JWT access tokens of an external OpenID Connect issuer (Keycloak, Entra ID, an EHR's
 * authorization server), checked against its published keys, issuer, audience and expiry, with the SMART launch
 * context read from configurable claims. Checked at start-up when enabled; every message names the property.
 *
 * @param enabled               trust the external issuer instead of running the built-in authorization server
 * @param issuerUri             the issuer's identifier, exactly as its tokens carry it in {@code iss}
 * @param jwksUri               where the issuer publishes its signing keys (JWK Set)
 * @param authorizationEndpoint the issuer's authorization endpoint, published to apps in the SMART configuration
 *                              and the CapabilityStatement
 * @param tokenEndpoint         the issuer's token endpoint, published likewise
 * @param revocationEndpoint    the issuer's revocation endpoint, if it has one
 * @param audience              the {@code aud} a token must carry: this server's FHIR base URL
 *                              ({@code https://fhir.example.org/fhir}); blank derives it from each request
 * @param algorithms            the accepted JWS algorithms (asymmetric only)
 * @param clockSkew             tolerance for {@code exp} and {@code nbf}
 * @param claims                the names of the claims carrying the SMART context
 * @param capabilities          the SMART capabilities the issuer supports, published in the SMART configuration
 * @param grantTypes            the grant types the issuer supports, published likewise
 */
@Validated
@ConfigurationProperties("smart.external")
public record ExternalIssuerProperties(
		@DefaultValue("false") boolean enabled,
		@DefaultValue("") String issuerUri,
		@DefaultValue("") String jwksUri,
		@DefaultValue("") String authorizationEndpoint,
		@DefaultValue("") String tokenEndpoint,
		@DefaultValue("") String revocationEndpoint,
		@DefaultValue("") String audience,
		@DefaultValue("RS256") List<String> algorithms,
		@DefaultValue("PT30S") Duration clockSkew,
		@DefaultValue Claims claims,
		@DefaultValue({"launch-standalone", "client-public", "client-confidential-symmetric", "context-standalone-patient",
				"permission-patient", "permission-user", "permission-v2"}) List<String> capabilities,
		@DefaultValue({"authorization_code", "refresh_token"}) List<String> grantTypes) {

	private static final List<String> ASYMMETRIC = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

	public ExternalIssuerProperties {
		if (enabled) {
			requireUrl("smart.external.issuer-uri", issuerUri);
			requireUrl("smart.external.jwks-uri", jwksUri);
			requireUrl("smart.external.authorization-endpoint", authorizationEndpoint);
			requireUrl("smart.external.token-endpoint", tokenEndpoint);
			if (!revocationEndpoint.isBlank()) {
				requireUrl("smart.external.revocation-endpoint", revocationEndpoint);
			}
			if (!audience.isBlank()) {
				requireUrl("smart.external.audience", audience);
			}
			if (algorithms.isEmpty() || !ASYMMETRIC.containsAll(algorithms)) {
				throw new IllegalArgumentException("smart.external.algorithms must list asymmetric JWS algorithms out of " + ASYMMETRIC
						+ ", was " + algorithms);
			}
			if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
				throw new IllegalArgumentException("smart.external.clock-skew must be between PT0S and PT5M, was " + clockSkew);
			}
		}
		audience = audience.endsWith("/") ? audience.substring(0, audience.length() - 1) : audience;
		algorithms = List.copyOf(algorithms);
		capabilities = List.copyOf(capabilities);
		grantTypes = List.copyOf(grantTypes);
	}

	private static void requireUrl(String property, String value) {
		URI uri;
		try {
			uri = value.isBlank() ? null : URI.create(value);
		} catch (IllegalArgumentException e) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
			throw new IllegalArgumentException(property + " must be an absolute http(s) URL when smart.external.enabled=true, was '"
					+ value + "'");
		}
	}

	/**
	 * The claims of the external issuer's access tokens that carry the SMART context. The defaults are SMART's own
	 * names; an issuer that cannot emit them (many map user attributes to custom claims) is configured here.
	 *
	 * @param patient  the launch-context patient id
	 * @param fhirUser the user's FHIR resource (absolute or relative reference)
	 * @param scope    the granted scopes (a space-separated string or a list); {@code scp} is read when absent
	 * @param clientId the client's id; {@code azp} is read when absent
	 */
	public record Claims(
			@DefaultValue("patient") String patient,
			@DefaultValue("fhirUser") String fhirUser,
			@DefaultValue("scope") String scope,
			@DefaultValue("client_id") String clientId) {

		public Claims {
			for (String name : new String[] {patient, fhirUser, scope, clientId}) {
				if (name == null || name.isBlank()) {
					throw new IllegalArgumentException("smart.external.claims.* must name claims, none may be blank");
				}
			}
		}

		public SmartClaimNames names() {
			return new SmartClaimNames(patient, fhirUser, scope, clientId);
		}
	}
}
