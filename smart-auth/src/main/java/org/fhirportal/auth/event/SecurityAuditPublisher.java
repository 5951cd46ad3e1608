package org.fhirportal.auth.event;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Publishes {@link SecurityAuditEvent}s as Spring application events, filling in what every event needs: the user's
 * FHIR reference (looked up by username), the caller's address (from the current HTTP request, if any) and the time.
 * Callers pass only names, client ids, outcomes and short non-secret details, never a credential or token value.
 */
public final class SecurityAuditPublisher {

	private final ApplicationEventPublisher events;
	private final Function<String, Optional<String>> fhirUserOf;
	private final Clock clock;

	/**
	 * @param events     where events go (the application context)
	 * @param fhirUserOf a user's FHIR resource reference ({@code Patient/123}) by username, empty when unknown
	 * @param clock      the time of each event
	 */
	public SecurityAuditPublisher(ApplicationEventPublisher events, Function<String, Optional<String>> fhirUserOf, Clock clock) {
		this.events = Objects.requireNonNull(events, "events");
		this.fhirUserOf = Objects.requireNonNull(fhirUserOf, "fhirUserOf");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * @param type      what happened
	 * @param username  the portal user, or {@code null} for client-only events
	 * @param clientId  the OAuth client, or {@code null}
	 * @param succeeded whether it succeeded
	 * @param detail    a short, non-secret reason or scope list
	 */
	public void publish(SecurityAuditEvent.Type type, String username, String clientId, boolean succeeded, String detail) {
		Optional<String> user = Optional.ofNullable(username).filter(name -> !name.isBlank());
		events.publishEvent(new SecurityAuditEvent(type, user, user.flatMap(fhirUserOf), Optional.ofNullable(clientId), succeeded, detail,
				remoteAddress(), clock.instant()));
	}

	private static Optional<String> remoteAddress() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return attributes instanceof ServletRequestAttributes servlet
				? Optional.ofNullable(servlet.getRequest().getRemoteAddr())
				: Optional.empty();
	}
}
