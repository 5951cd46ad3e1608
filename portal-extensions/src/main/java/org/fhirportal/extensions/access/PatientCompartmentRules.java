package org.fhirportal.extensions.access;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.auth.scope.SmartScope;
import org.hl7.fhir.r4.model.IdType;

/**
 * Turns a token's SMART scopes into HAPI authorization rules. {@code patient/} scopes, and {@code user/} scopes
 * of a patient user, reach only the patient's compartment (FHIR's Patient CompartmentDefinition, as HAPI
 * applies it); {@code system/} scopes, and {@code user/} scopes of a practitioner under the "all patients" care
 * policy, reach the granted types everywhere. Raw AuditEvents are never readable in a patient's context.
 * Scopes with a query (granular v2 scopes) are not yet enforced, so they grant nothing rather than too much.
 * The list always ends in deny.
 *
 * <p>Hand-written mapping of SMART scope semantics onto HAPI's {@link RuleBuilder}
 * (<a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART App Launch, scopes</a>).
 */
public final class PatientCompartmentRules {

	private PatientCompartmentRules() {}

	public static List<IAuthRule> forContext(SmartAccessContext access) {
		return forContext(access, List.of());
	}

	/** The scope rules, then each feature's {@link OperationRules}, then deny. */
	public static List<IAuthRule> forContext(SmartAccessContext access, List<OperationRules> operationRules) {
		RuleBuilder rules = new RuleBuilder();
		rules.allow("capabilities").metadata().andThen();
		Optional<IdType> patient = compartmentPatient(access);
		if (patient.isPresent() || access.fhirUser().isPresent()) {
			rules.deny("patients and users read access logs, never raw AuditEvents").read().resourcesOfType("AuditEvent").withAnyId().andThen();
		}
		boolean any = false;
		for (SmartScope scope : access.scopes().resourceScopes()) {
			if (scope.isGranular()) {
				continue;
			}
			Optional<IdType> compartment = scope.context() == Context.PATIENT || (scope.context() == Context.USER && patient.isPresent())
					? patient
					: Optional.empty();
			boolean everywhere = scope.context() == Context.SYSTEM || (scope.context() == Context.USER && isPractitioner(access));
			if (compartment.isEmpty() && !everywhere) {
				continue;
			}
			for (Permission permission : scope.permissions()) {
				IAuthRuleBuilderRuleOp operation = operation(rules, permission);
				IAuthRuleBuilderRuleOpClassifier target = scope.isAnyType()
						? operation.allResources()
						: operation.resourcesOfType(scope.resourceType());
				if (compartment.isPresent()) {
					target.inCompartment("Patient", compartment.get()).andThen();
				} else {
					target.withAnyId().andThen();
				}
				any = true;
			}
		}
		if (any) {
			patient.ifPresentOrElse(
					id -> {
						rules.allow("everything of own record").operation().named("$everything").onInstance(id)
								.andRequireExplicitResponseAuthorization().andThen();
						rules.allow("export of own record").bulkExport().patientExportOnPatient(id).andThen();
					},
					() -> {
						rules.allow("everything").operation().named("$everything").onAnyInstance()
								.andRequireExplicitResponseAuthorization().andThen();
						if (access.scopes().resourceScopes().stream().anyMatch(s -> s.context() == Context.SYSTEM)) {
							allowBulkExport(rules);
						}
					});
			rules.allow("transactions, each entry checked").transaction().withAnyOperation().andApplyNormalRules().andThen();
		}
		operationRules.forEach(contribution -> contribution.addTo(rules, access));
		return rules.denyAll("no granted scope allows this request").build();
	}

	/**
	 * Backend export at every level: the kick-off and status operations pass the operation check, and HAPI's
	 * bulk export rule then applies when the job is created. (Downloads are Binary reads, covered by read scopes.)
	 */
	private static void allowBulkExport(RuleBuilder rules) {
		rules.allow("export kick-off").operation().named("$export").onServer().andAllowAllResponses().andThen();
		rules.allow("patient export kick-off").operation().named("$export").onType(org.hl7.fhir.r4.model.Patient.class).andAllowAllResponses().andThen();
		rules.allow("group export kick-off").operation().named("$export").onInstancesOfType(org.hl7.fhir.r4.model.Group.class).andAllowAllResponses().andThen();
		rules.allow("export status").operation().named("$export-poll-status").onServer().andAllowAllResponses().andThen();
		rules.allow("system export").bulkExport().any().andThen();
	}

	private static IAuthRuleBuilderRuleOp operation(RuleBuilder rules, Permission permission) {
		return switch (permission) {
			case READ, SEARCH -> rules.allow("scope " + permission).read();
			case CREATE -> rules.allow("scope create").create();
			case UPDATE -> rules.allow("scope update").write();
			case DELETE -> rules.allow("scope delete").delete();
		};
	}

	/** The patient whose compartment bounds this token: the launch context, else a patient user's own record. */
	static Optional<IdType> compartmentPatient(SmartAccessContext access) {
		if (access.patient().isPresent()) {
			return access.patient().map(id -> new IdType("Patient", id));
		}
		return access.fhirUser().filter(ref -> ref.contains("/Patient/"))
				.map(ref -> new IdType("Patient", ref.substring(ref.lastIndexOf('/') + 1)));
	}

	private static boolean isPractitioner(SmartAccessContext access) {
		return access.fhirUser().filter(ref -> ref.contains("/Practitioner/")).isPresent();
	}
}
