package org.fhirportal.extensions.analytics;

import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.access.OperationRules;

/**
 * Lets analysts call {@code $engagement}: a token with unrestricted read and search of AuditEvents at system level
 * ({@code system/AuditEvent.rs}, or {@code system/*.rs}), or at user level ({@code user/AuditEvent.rs}) for a user
 * who is not a patient or caregiver and has no patient in context, above all an analyst account (role
 * {@code ANALYST}, whose token reaches nothing else: see {@code AuditOperationRules}). The report holds aggregates only, but what it
 * is computed from is the audit trail, so it takes the audit trail's authorization.
 */
public class EngagementOperationRules implements OperationRules {

	@Override
	public void addTo(RuleBuilder rules, SmartAccessContext access) {
		if (isAnalyst(access)) {
			rules.allow("engagement analytics").operation().named("$engagement").onServer().andAllowAllResponses().andThen();
		}
	}

	public static boolean isAnalyst(SmartAccessContext access) {
		if (readsAuditTrail(access, Context.SYSTEM)) {
			return true;
		}
		boolean personWithData = access.patient().isPresent() || access.fhirUser()
				.filter(user -> user.contains("Patient/") || user.contains("RelatedPerson/")).isPresent();
		return !personWithData && readsAuditTrail(access, Context.USER);
	}

	private static boolean readsAuditTrail(SmartAccessContext access, Context context) {
		return access.scopes().access(context, "AuditEvent", Permission.READ).unrestricted()
				&& access.scopes().access(context, "AuditEvent", Permission.SEARCH).unrestricted();
	}
}
