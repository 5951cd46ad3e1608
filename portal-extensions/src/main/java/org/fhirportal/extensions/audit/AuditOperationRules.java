package org.fhirportal.extensions.audit;

import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.access.AnalystAccounts;
import org.fhirportal.extensions.access.OperationRules;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * Who may see the audit trail. A patient (patient scopes, or a patient user) may call {@code $access-log} on
 * their own record only. Searching AuditEvent needs an analyst's or administrator's grant: a {@code system/}
 * scope covering AuditEvent (already granted by the scope rules), or {@code user/AuditEvent.rs} held by a user
 * without a FHIR identity of their own (an administrator or auditor account); practitioners, patients and
 * caregivers never read raw AuditEvents. Nor do analysts ({@link AnalystAccounts}): their {@code user/AuditEvent.rs}
 * reaches the aggregate {@code $engagement} report only. System clients allowed to search AuditEvent may call the
 * access log of any patient.
 */
final class AuditOperationRules implements OperationRules {

	private final AnalystAccounts analysts;

	AuditOperationRules(AnalystAccounts analysts) {
		this.analysts = Objects.requireNonNull(analysts, "analysts");
	}

	@Override
	public void addTo(RuleBuilder rules, SmartAccessContext access) {
		Optional<IdType> patient = compartmentPatient(access);
		boolean patientScoped = access.scopes().resourceScopes().stream()
				.anyMatch(scope -> scope.context() == Context.PATIENT || scope.context() == Context.USER);
		if (patient.isPresent() && patientScoped) {
			rules.allow("own access log").operation().named("$access-log").onInstance(patient.get()).andAllowAllResponses().andThen();
		}
		if (patient.isPresent() || isAnalyst(access)) {
			return;
		}
		if (access.fhirUser().isEmpty() && access.scopes().allows(Context.USER, "AuditEvent", Permission.SEARCH)
				&& hasExplicitAuditScope(access, Context.USER)) {
			rules.allow("auditor reads the audit trail").read().resourcesOfType("AuditEvent").withAnyId().andThen();
		}
		if (access.fhirUser().isEmpty() && (access.scopes().allows(Context.SYSTEM, "AuditEvent", Permission.SEARCH)
				|| hasExplicitAuditScope(access, Context.USER))) {
			rules.allow("auditor reads access logs").operation().named("$access-log").onInstancesOfType(Patient.class)
					.andAllowAllResponses().andThen();
		}
	}

	/** Asked only of tokens that would otherwise read the audit trail, so other requests cost no lookup. */
	private boolean isAnalyst(SmartAccessContext access) {
		boolean auditScoped = hasExplicitAuditScope(access, Context.USER) || access.scopes().allows(Context.SYSTEM, "AuditEvent", Permission.SEARCH);
		return access.fhirUser().isEmpty() && auditScoped && analysts.isAnalyst(access.subject());
	}

	private static boolean hasExplicitAuditScope(SmartAccessContext access, Context context) {
		return access.scopes().resourceScopes().stream().anyMatch(scope -> scope.context() == context && !scope.isGranular()
				&& "AuditEvent".equals(scope.resourceType()) && scope.permissions().contains(Permission.SEARCH));
	}

	/** The patient whose compartment bounds the token, as access control derives it. */
	private static Optional<IdType> compartmentPatient(SmartAccessContext access) {
		if (access.patient().isPresent()) {
			return access.patient().map(id -> new IdType("Patient", id));
		}
		return access.fhirUser().filter(ref -> ref.contains("Patient/"))
				.map(ref -> new IdType("Patient", ref.substring(ref.lastIndexOf('/') + 1)));
	}
}
