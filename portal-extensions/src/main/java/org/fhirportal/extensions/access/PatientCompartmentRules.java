package org.fhirportal.extensions.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Context;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.auth.scope.ScopeQuery;
import org.fhirportal.auth.scope.SmartScope;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Turns a token's SMART scopes and its {@link AccessReaches} into HAPI authorization rules:
 * <ul>
 *   <li>each scope allows its interactions ({@code c r u d s}) on its type, inside the compartments (FHIR's Patient
 *       CompartmentDefinition, as HAPI applies it) of the patients its context reaches, or everywhere for
 *       {@code system/} scopes and practitioners under the "all patients" policy;</li>
 *   <li>a granular scope ({@code Observation.rs?category=...|laboratory}) allows only resources matching its query,
 *       checked on every resource read or searched (HAPI's filter rules, matched in memory);</li>
 *   <li>patients and caregivers write only the portal's writable types, in their reach, and never read raw
 *       AuditEvents; nobody updates or deletes an AuditEvent;</li>
 *   <li>{@code $everything}, bulk export and {@code $validate} follow the same reach; transactions and batches are
 *       allowed with every entry checked by these rules;</li>
 *   <li>each feature's {@link OperationRules}, then deny.</li>
 * </ul>
 *
 * <p>Hand-written mapping of SMART scope semantics onto HAPI's {@link RuleBuilder}
 * (<a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART App Launch, scopes</a>).
 */
public final class PatientCompartmentRules {

	private static final FhirContext R4 = FhirContext.forR4Cached();

	private final AccessProperties properties;
	private final List<OperationRules> operationRules;

	public PatientCompartmentRules(AccessProperties properties, List<OperationRules> operationRules) {
		this.properties = Objects.requireNonNull(properties, "properties");
		this.operationRules = List.copyOf(operationRules);
	}

	/** The rules for one request's token. */
	public List<IAuthRule> forContext(SmartAccessContext access, AccessReaches reaches) {
		RuleBuilder rules = new RuleBuilder();
		rules.allow("capabilities").metadata().andThen();
		rules.deny("nobody deletes an AuditEvent").delete().resourcesOfType("AuditEvent").withAnyId().andThen();
		List<SmartScope> usable = access.scopes().resourceScopes().stream().filter(s -> !reaches.of(s.context()).isNone()).toList();
		for (SmartScope scope : usable) {
			addScope(rules, scope, reaches.of(scope.context()), reaches.patientFacing());
		}
		if (!usable.isEmpty()) {
			addOperations(rules, usable, reaches);
			rules.allow("transactions and batches, each entry checked").transaction().withAnyOperation().andApplyNormalRules().andThen();
		}
		operationRules.forEach(contribution -> contribution.addTo(rules, access, reaches));
		List<IAuthRule> result = new ArrayList<>();
		result.add(new ScopeInteractionRule(usable, scope -> true, reaches.patientFacing()));
		result.addAll(rules.denyAll("no granted scope allows this request").build());
		return result;
	}

	private void addScope(RuleBuilder rules, SmartScope scope, AccessReach reach, boolean patientFacing) {
		String label = "scope " + scope;
		for (Permission permission : scope.permissions()) {
			if (permission == Permission.SEARCH && scope.permissions().contains(Permission.READ)) {
				continue; // HAPI's read rule covers both; ScopeInteractionRule tells r from s
			}
			for (String type : typesFor(scope, permission, patientFacing)) {
				Supplier<IAuthRuleBuilderRuleOp> operation = () -> operation(rules, permission, label);
				restrict(operation, type, reach, scope.query());
				if (permission == Permission.READ || permission == Permission.SEARCH) {
					allowSharedTypes(rules, type, reach, label);
				} else {
					allowConditional(rules, permission, type, label);
				}
			}
		}
	}

	/** Write permissions of patients and caregivers only on the portal's writable types. */
	private Set<String> typesFor(SmartScope scope, Permission permission, boolean patientFacing) {
		boolean write = permission == Permission.CREATE || permission == Permission.UPDATE || permission == Permission.DELETE;
		if (!write || !patientFacing) {
			return Set.of(scope.resourceType());
		}
		if (scope.isAnyType()) {
			return new LinkedHashSet<>(properties.patientWritableTypes().stream().sorted().toList());
		}
		return properties.patientWritableTypes().contains(scope.resourceType()) ? Set.of(scope.resourceType()) : Set.of();
	}

	private static void restrict(Supplier<IAuthRuleBuilderRuleOp> operation, String type, AccessReach reach, ScopeQuery query) {
		String filter = query.toString();
		if (reach.everywhere()) {
			IAuthRuleBuilderRuleOpClassifier target = target(operation.get(), type);
			if (query.isEmpty()) {
				target.withAnyId().andThen();
			} else {
				target.withFilter(filter).andThen();
			}
		} else if (query.isEmpty()) {
			target(operation.get(), type).inModifiedCompartment("Patient", reach.compartments(), SharedCompartmentModifications.none())
					.andThen();
		} else {
			// in one of the reached compartments and matching the query: one rule for all of them (HAPI's
			// inCompartmentWithFilter makes one per patient, each with modifications that are unsafe to share)
			target(operation.get(), type).inModifiedCompartment("Patient", reach.compartments(), SharedCompartmentModifications.none())
					.withFilterTester(filter).andThen();
		}
	}

	private static IAuthRuleBuilderRuleOpClassifier target(IAuthRuleBuilderRuleOp operation, String type) {
		return SmartScope.ANY_TYPE.equals(type) ? operation.allResources() : operation.resourcesOfType(type);
	}

	/** Directory data (practitioners, organizations, ...) belongs to no patient: readable by any read scope for it. */
	private void allowSharedTypes(RuleBuilder rules, String type, AccessReach reach, String label) {
		if (reach.everywhere()) {
			return;
		}
		properties.sharedTypes().stream().sorted()
				.filter(shared -> SmartScope.ANY_TYPE.equals(type) || shared.equals(type))
				.forEach(shared -> rules.allow(label + " (shared " + shared + ")").read().resourcesOfType(shared).withAnyId().andThen());
	}

	private static void allowConditional(RuleBuilder rules, Permission permission, String type, String label) {
		var conditional = switch (permission) {
			case CREATE -> rules.allow(label + " conditional").createConditional();
			case UPDATE -> rules.allow(label + " conditional").updateConditional();
			case DELETE -> rules.allow(label + " conditional").deleteConditional();
			default -> null;
		};
		if (conditional != null) {
			(SmartScope.ANY_TYPE.equals(type) ? conditional.allResources() : conditional.resourcesOfType(type)).andThen();
		}
		if (permission == Permission.UPDATE) {
			rules.allow(label + " patch").patch().allRequests().andThen();
		}
	}

	private void addOperations(RuleBuilder rules, List<SmartScope> usable, AccessReaches reaches) {
		Set<IIdType> patients = new LinkedHashSet<>();
		boolean everywhere = false;
		boolean system = false;
		Set<String> systemTypes = new java.util.TreeSet<>();
		for (SmartScope scope : usable) {
			if (scope.permissions().contains(Permission.READ) || scope.permissions().contains(Permission.SEARCH)) {
				AccessReach reach = reaches.of(scope.context());
				everywhere |= reach.everywhere();
				patients.addAll(reach.compartments());
				if (scope.context() == Context.SYSTEM) {
					system = true;
					systemTypes.add(scope.resourceType());
				}
			}
			if (scope.permissions().contains(Permission.CREATE) || scope.permissions().contains(Permission.UPDATE)) {
				allowValidate(rules, scope);
			}
		}
		if (everywhere) {
			rules.allow("$everything").operation().named("$everything").onAnyInstance().andRequireExplicitResponseAuthorization().andThen();
		} else if (!patients.isEmpty()) {
			rules.allow("$everything of reached patients").operation().named("$everything").onInstances(List.copyOf(patients))
					.andRequireExplicitResponseAuthorization().andThen();
			rules.allow("export kick-off of reached patients").operation().named("$export").onInstances(List.copyOf(patients))
					.andAllowAllResponses().andThen();
			rules.allow("export of reached patients").bulkExport().patientExportOnPatients(List.copyOf(patients)).andThen();
		}
		if (system) {
			allowBulkExport(rules, systemTypes);
		}
	}

	/** {@code $validate} at type level for the types a token may create or update; it returns only an OperationOutcome. */
	private static void allowValidate(RuleBuilder rules, SmartScope scope) {
		if (scope.isAnyType()) {
			rules.allow("$validate").operation().named("$validate").onAnyType().andAllowAllResponses().andThen();
		} else if (R4.getResourceTypes().contains(scope.resourceType())) {
			Class<? extends IBaseResource> type = R4.getResourceDefinition(scope.resourceType()).getImplementingClass();
			rules.allow("$validate " + scope.resourceType()).operation().named("$validate").onType(type).andAllowAllResponses().andThen();
		}
	}

	/**
	 * Backend export at every level: the kick-off operations pass the operation check (the status operation is
	 * allowed to every job's requester by the export feature's rules), and HAPI's
	 * bulk export rule then applies when the job is created, limited to the types the system scopes may read
	 * (an analytics client with {@code system/AuditEvent.rs} exports AuditEvents only). (Downloads are Binary reads,
	 * covered by read scopes.)
	 */
	private static void allowBulkExport(RuleBuilder rules, Set<String> readableTypes) {
		rules.allow("export kick-off").operation().named("$export").onServer().andAllowAllResponses().andThen();
		rules.allow("patient export kick-off").operation().named("$export").onType(org.hl7.fhir.r4.model.Patient.class).andAllowAllResponses().andThen();
		rules.allow("group export kick-off").operation().named("$export").onInstancesOfType(org.hl7.fhir.r4.model.Group.class).andAllowAllResponses().andThen();
		if (readableTypes.contains(SmartScope.ANY_TYPE)) {
			rules.allow("system export").bulkExport().any().andThen();
		} else {
			rules.allow("system export of readable types").bulkExport().any().withResourceTypes(readableTypes).andThen();
		}
	}

	private static IAuthRuleBuilderRuleOp operation(RuleBuilder rules, Permission permission, String label) {
		return switch (permission) {
			case READ, SEARCH -> rules.allow(label).read();
			case CREATE -> rules.allow(label).create();
			case UPDATE -> rules.allow(label).write();
			case DELETE -> rules.allow(label).delete();
		};
	}
}
