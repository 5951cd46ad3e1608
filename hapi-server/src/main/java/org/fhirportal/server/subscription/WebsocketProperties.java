package org.fhirportal.server.subscription;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The websocket of FHIR Subscriptions ({@code portal.websocket.*}).
 *
 * @param allowedOrigins        browser origins (patterns such as {@code https://*.example.org}) besides the server's own
 *                              that may open the websocket; clients that send no {@code Origin} are not browsers and
 *                              are let through to the token check
 * @param authenticationTimeout how long a connection opened without an {@code Authorization} header may stay open
 *                              before its first message ({@code bind-token <access token>}) arrives
 * @param tokenCheckInterval    how often open connections are checked for expired or revoked tokens
 */
@Validated
@ConfigurationProperties("portal.websocket")
public record WebsocketProperties(
		@DefaultValue({}) @NotNull(message = "portal.websocket.allowed-origins must list origins (may be empty)") List<String> allowedOrigins,
		@DefaultValue("10s") @NotNull(message = "portal.websocket.authentication-timeout must be a duration such as 10s") Duration authenticationTimeout,
		@DefaultValue("5s") @NotNull(message = "portal.websocket.token-check-interval must be a duration such as 5s") Duration tokenCheckInterval) {

	public WebsocketProperties {
		allowedOrigins = List.copyOf(allowedOrigins);
		if (authenticationTimeout.isNegative() || authenticationTimeout.isZero()) {
			throw new IllegalArgumentException("portal.websocket.authentication-timeout must be positive, was " + authenticationTimeout);
		}
		if (tokenCheckInterval.compareTo(Duration.ofMillis(100)) < 0) {
			throw new IllegalArgumentException("portal.websocket.token-check-interval must be at least 100ms, was " + tokenCheckInterval);
		}
	}
}
