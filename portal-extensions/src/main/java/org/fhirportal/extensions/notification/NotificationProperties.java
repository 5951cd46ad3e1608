package org.fhirportal.extensions.notification;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * E-mail notices to patients ({@code portal.notifications.*}). The SMTP server itself is Spring Boot's
 * {@code spring.mail.*} (host, port, username, password, {@code spring.mail.properties.mail.smtp.*}).
 *
 * @param enabled          raise and send notices; off, no notice is recorded or sent (the preferences stay)
 * @param fromAddress      the sender of the e-mails, e.g. {@code portal@hospital.example}
 * @param portalUrl        the portal's address, the link in every e-mail, e.g. {@code https://portal.hospital.example/portal/}
 * @param pollInterval     how often each server node looks for notices due to be sent
 * @param batchSize        how many notices a node claims at a time
 * @param retryBackoff     the wait after a first failed try; it doubles with each further failure
 * @param maxBackoff       the longest wait between tries (a notice is tried until it is sent)
 * @param claimTimeout     how long a claimed notice is left to the node that claimed it before another may try it
 *                         (a node that stopped while sending); longer than a batch can take to send (batch-size
 *                         times the SMTP timeouts, {@code spring.mail.properties.mail.smtp.*timeout})
 * @param reminderScan     how often the appointment reminders for tomorrow are looked for
 * @param timeZone         the zone in which "tomorrow" is reckoned for appointment reminders
 */
@Validated
@ConfigurationProperties("portal.notifications")
public record NotificationProperties(
		@DefaultValue("false") boolean enabled,
		@DefaultValue("") String fromAddress,
		URI portalUrl,
		@DefaultValue("PT10S") @NotNull(message = "portal.notifications.poll-interval must be a duration such as 10s") Duration pollInterval,
		@DefaultValue("20") @Min(value = 1, message = "portal.notifications.batch-size must be at least 1")
				@Max(value = 500, message = "portal.notifications.batch-size must be at most 500") int batchSize,
		@DefaultValue("PT1M") @NotNull(message = "portal.notifications.retry-backoff must be a duration such as 1m") Duration retryBackoff,
		@DefaultValue("PT1H") @NotNull(message = "portal.notifications.max-backoff must be a duration such as 1h") Duration maxBackoff,
		@DefaultValue("PT10M") @NotNull(message = "portal.notifications.claim-timeout must be a duration such as 10m") Duration claimTimeout,
		@DefaultValue("PT1H") @NotNull(message = "portal.notifications.reminder-scan must be a duration such as 1h") Duration reminderScan,
		@DefaultValue("UTC") @NotNull(message = "portal.notifications.time-zone must be a zone id such as Europe/Warsaw") ZoneId timeZone) {

	public NotificationProperties {
		if (enabled) {
			if (fromAddress == null || !fromAddress.matches("[^@\\s]+@[^@\\s]+")) {
				throw new IllegalArgumentException("portal.notifications.from-address must be an e-mail address such as portal@hospital.example"
						+ " when portal.notifications.enabled is true, was '" + fromAddress + "'");
			}
			if (portalUrl == null || !portalUrl.isAbsolute() || !java.util.List.of("http", "https").contains(portalUrl.getScheme())) {
				throw new IllegalArgumentException("portal.notifications.portal-url must be the portal's absolute http(s) address, e.g."
						+ " https://portal.hospital.example/portal/, when portal.notifications.enabled is true, was '" + portalUrl + "'");
			}
		}
		for (var duration : new Duration[] {pollInterval, retryBackoff, maxBackoff, claimTimeout, reminderScan}) {
			if (duration != null && (duration.isNegative() || duration.isZero())) {
				throw new IllegalArgumentException("portal.notifications durations (poll-interval, retry-backoff, max-backoff, claim-timeout,"
						+ " reminder-scan) must be positive, got " + duration);
			}
		}
	}

	/** The wait before the next try after {@code failures} failed tries: doubling from retry-backoff up to max-backoff. */
	Duration backoffAfter(int failures) {
		Duration wait = retryBackoff;
		for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
	}
}
