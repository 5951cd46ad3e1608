package org.fhirportal.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the SMART authorization server and of the FHIR endpoint's token checks ({@code smart.auth.*}).
 *
 * @param enabled         require bearer tokens at {@code /fhir}, issued by the built-in authorization server (or by an
 *                        external issuer with {@code smart.external.enabled}); {@code false} leaves the FHIR endpoint
 *                        open (the benchmark baseline, or a server behind another gateway)
 * @param issuer          the issuer URL ({@code https://fhir.example.org}); blank derives it from each request,
 *                        which suits development but not a cluster behind a load balancer
 * @param fhirPath        where the FHIR endpoint lives below the issuer; tokens are issued for
 *                        {@code issuer + fhirPath} as audience
 * @param accessTokenTtl  lifetime of access tokens
 * @param offlineRefreshTokenTtl lifetime of a refresh token for {@code offline_access} (at least 90 days), renewed
 *                        at every refresh
 * @param onlineRefreshTokenTtl  lifetime of a refresh token for {@code online_access}
 * @param admin           the bootstrap administration client
 * @param lockout         when repeated wrong passwords lock an account
 * @param mfaRequiredRoles the roles that must sign in with a TOTP code as well (enrolling at first sign-in): by
 *                        default everyone who reaches data beyond their own (practitioners, administrators, analysts);
 *                        a deployment with another second factor in front may relax it
 * @param demo            demo mode: documented default credentials are allowed
 * @param styleUrl        where apps find the portal's style parameters, sent as {@code smart_style_url} with a
 *                        user's token (SMART App Launch 2.2, launch context); blank serves and sends the built-in one
 *                        ({@code /smart-style.json})
 * @param corsAllowedOrigins origin patterns of browser apps allowed to call the token, revocation, introspection
 *                        and JWKS endpoints and the discovery documents cross-origin (never with cookies); empty
 *                        switches CORS off there
 */
@Validated
@ConfigurationProperties("smart.auth")
public record SmartAuthProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("") String issuer,
		@DefaultValue("/fhir") @NotBlank(message = "smart.auth.fhir-path must name the FHIR endpoint's path, e.g. /fhir") String fhirPath,
		@DefaultValue("PT15M") @NotNull Duration accessTokenTtl,
		@DefaultValue("P90D") @NotNull Duration offlineRefreshTokenTtl,
		@DefaultValue("PT12H") @NotNull Duration onlineRefreshTokenTtl,
		@DefaultValue @Valid AdminClient admin,
		@DefaultValue @Valid Lockout lockout,
		@DefaultValue({"PRACTITIONER", "ADMINISTRATOR", "ANALYST"}) @NotNull java.util.Set<org.fhirportal.auth.user.PortalRole> mfaRequiredRoles,
		@DefaultValue("false") boolean demo,
		@DefaultValue("") String styleUrl,
		@DefaultValue("*") @NotNull(message = "smart.auth.cors-allowed-origins must be a list (use [] to switch CORS off)")
				java.util.List<String> corsAllowedOrigins) {

	/** The documented admin client secret of demo mode; never accepted outside it. */
	public static final String DEMO_ADMIN_SECRET = "demo-admin-secret";

	public SmartAuthProperties {
		if (!issuer.isBlank() && !issuer.matches("https?://[^/?#]+(/[^?#]*)?") ) {
			throw new IllegalArgumentException("smart.auth.issuer must be an absolute http(s) URL without query, was '" + issuer + "'");
		}
		if (issuer.endsWith("/")) {
			issuer = issuer.substring(0, issuer.length() - 1);
		}
		if (!styleUrl.isBlank() && !styleUrl.matches("https?://[^/?#]+.*")) {
			throw new IllegalArgumentException("smart.auth.style-url must be an absolute http(s) URL or blank, was '" + styleUrl + "'");
		}
		if (accessTokenTtl.isNegative() || accessTokenTtl.isZero() || accessTokenTtl.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("smart.auth.access-token-ttl must be between 1 second and 1 hour, was " + accessTokenTtl);
		}
		if (offlineRefreshTokenTtl.compareTo(Duration.ofDays(90)) < 0) {
			throw new IllegalArgumentException("smart.auth.offline-refresh-token-ttl must be at least P90D (SMART offline access), was "
					+ offlineRefreshTokenTtl);
		}
		if (onlineRefreshTokenTtl.isNegative() || onlineRefreshTokenTtl.isZero()) {
			throw new IllegalArgumentException("smart.auth.online-refresh-token-ttl must be positive, was " + onlineRefreshTokenTtl);
		}
		if (!admin.clientSecret().isBlank() && admin.clientSecret().length() < 32) {
			throw new IllegalArgumentException("smart.auth.admin.client-secret must be at least 32 random characters; it is hashed with a fast hash");
		}
	}

	/**
	 * The admin client's secret: the configured one, or the documented demo secret in demo mode. Asked for where
	 * the built-in authorization server starts (not in external issuer mode, which has no admin client).
	 *
	 * @throws IllegalStateException if none is configured outside demo mode
	 */
	public String adminClientSecret() {
		if (admin.clientSecret().isBlank() && !demo) {
			throw new IllegalStateException("smart.auth.admin.client-secret must be set (environment variable "
					+ "SMART_AUTH_ADMIN_CLIENT_SECRET) unless the server runs in demo mode (portal.demo=true)");
		}
		return admin.clientSecret().isBlank() ? DEMO_ADMIN_SECRET : admin.clientSecret();
	}

	/**
	 * The confidential client that bootstraps administration: it obtains, by client_credentials, tokens for the
	 * registration and user APIs and for {@code system/*} FHIR access (how an EHR pushes data).
	 *
	 * @param clientId     its client_id
	 * @param clientSecret its secret; from the environment in production
	 */
	public record AdminClient(
			@DefaultValue("portal-admin") @NotBlank(message = "smart.auth.admin.client-id must not be blank") String clientId,
			@DefaultValue("") String clientSecret) {

		@Override
		public String toString() {
			return "AdminClient[clientId=" + clientId + ", clientSecret=***]";
		}
	}

	/**
	 * Account lockout after repeated wrong passwords.
	 *
	 * @param maxAttempts consecutive failures that lock the account
	 * @param duration    how long it stays locked
	 */
	public record Lockout(
			@DefaultValue("5") @jakarta.validation.constraints.Min(value = 1, message = "smart.auth.lockout.max-attempts must be at least 1")
					int maxAttempts,
			@DefaultValue("PT15M") @NotNull Duration duration) {}
}
