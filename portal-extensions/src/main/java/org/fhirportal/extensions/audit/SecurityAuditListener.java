package org.fhirportal.extensions.audit;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Stores the authorization server's {@link SecurityAuditEvent}s (sign-in, MFA, lockout, tokens, consent) as
 * audit records of kind {@code security}, waiting for the commit like a read does. Spring Security's own
 * authentication events are not listened to: smart-auth publishes one {@link SecurityAuditEvent} per sign-in,
 * and recording both would count every sign-in twice.
 */
public final class SecurityAuditListener {

	private static final Logger log = LoggerFactory.getLogger(SecurityAuditListener.class);

	private final AuditStore store;

	SecurityAuditListener(AuditStore store) {
		this.store = store;
	}

	@EventListener
	public void onSecurityEvent(SecurityAuditEvent event) {
		try {
			store.appendAndWait(List.of(toRecord(event)));
		} catch (AuditStoreUnavailableException e) {
			log.error("Could not audit a {} event of {}: {}", event.type(), event.username().orElse("?"), e.getMessage());
		}
	}

	static AuditRecord toRecord(SecurityAuditEvent event) {
		Optional<FhirUser> user = event.fhirUser().flatMap(FhirUser::parse);
		return new AuditRecord(event.at(), "security", event.type().name().toLowerCase(Locale.ROOT), 'E',
				event.succeeded() ? 0 : 4, Optional.empty(), user.filter(u -> "Patient".equals(u.type())).map(FhirUser::id),
				user.map(FhirUser::type), user.map(FhirUser::id), event.username(), event.clientId(), Optional.empty(),
				event.remoteAddress(), Optional.empty(), List.of(), Optional.of(event.detail()).filter(d -> !d.isBlank()));
	}
}
