package org.fhirportal.extensions.booking;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Self-scheduling settings ({@code portal.booking.*}).
 *
 * @param cancellationWindow how long before its start a patient may still cancel or move an appointment
 *                           (e.g. {@code 24h}); {@code 0s} allows it until the start. Staff are not bound by it.
 * @param maxSearchWindow    the longest time window {@code Slot/$find} accepts
 */
@Validated
@ConfigurationProperties("portal.booking")
public record BookingProperties(
		@NotNull(message = "portal.booking.cancellation-window must be a duration such as 24h or 0s") @DefaultValue("24h") Duration cancellationWindow,
		@NotNull(message = "portal.booking.max-search-window must be a duration such as 90d") @DefaultValue("90d") Duration maxSearchWindow) {

	public BookingProperties {
		if (cancellationWindow != null && cancellationWindow.isNegative()) {
			throw new IllegalArgumentException("portal.booking.cancellation-window must not be negative, got " + cancellationWindow);
		}
		if (maxSearchWindow != null && (maxSearchWindow.isNegative() || maxSearchWindow.isZero())) {
			throw new IllegalArgumentException("portal.booking.max-search-window must be positive, got " + maxSearchWindow);
		}
	}
}
