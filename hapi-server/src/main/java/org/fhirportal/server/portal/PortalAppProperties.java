package org.fhirportal.server.portal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The patient portal web app served at {@code /portal/} ({@code portal.app.*}), a SMART public client of this
 * server like any third-party app.
 *
 * @param enabled      serve the app and register its client
 * @param clientId     its client_id; the app's build names the same one ({@code portal-app/src/smart/session.ts})
 * @param redirectUris where the authorization server may send the browser back: the app's public address,
 *                     e.g. {@code https://portal.example.org/portal/}; empty derives it from {@code smart.auth.issuer},
 *                     or, when that is not set either, uses this machine's loopback addresses (development, demo)
 * @param scopes       what the app may ever ask for; it asks for less (session.ts): a patient's record, or for an
 *                     analyst the engagement report ({@code user/AuditEvent.rs}, which reaches nothing else of an
 *                     analyst's or a patient's)
 */
@Validated
@ConfigurationProperties("portal.app")
public record PortalAppProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("fhir-portal") @NotBlank(message = "portal.app.client-id must not be blank") String clientId,
		@DefaultValue @NotNull List<URI> redirectUris,
		@DefaultValue({"openid", "fhirUser", "launch/patient", "patient/*.cruds", "user/AuditEvent.rs", "online_access",
				"offline_access"}) @NotNull
				List<String> scopes) {

	public PortalAppProperties {
		for (URI uri : redirectUris) {
			if (!uri.isAbsolute() || !List.of("http", "https").contains(uri.getScheme()) || uri.getFragment() != null
					|| !uri.getPath().endsWith("/portal/")) {
				throw new IllegalArgumentException("portal.app.redirect-uris must be absolute http(s) URLs of the app, ending in /portal/, was '"
						+ uri + "'");
			}
		}
		redirectUris = List.copyOf(redirectUris);
		scopes = List.copyOf(scopes);
	}
}
