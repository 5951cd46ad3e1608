package org.fhirportal.extensions.access;

/**
 * Whether a token's subject is an analyst's portal account ({@code PortalRole.ANALYST}). Analysts, like
 * administrators, have no FHIR identity of their own, so a token alone cannot tell them apart; the rules that give
 * administrators the raw audit trail ask this first, so that an analyst's {@code user/AuditEvent.rs} reaches the
 * aggregate {@code $engagement} report only, never the AuditEvents (which name patients) or any access log.
 *
 * <p>Looked up when a token's rule list is built; {@link SmartAuthorizationInterceptor} keeps that list per token for
 * up to 5 minutes, so a changed role reaches a token already in use within that time (new tokens at once).
 */
@FunctionalInterface
public interface AnalystAccounts {

	/** No account is an analyst's (a server without portal accounts). */
	AnalystAccounts NONE = subject -> false;

	boolean isAnalyst(String subject);
}
