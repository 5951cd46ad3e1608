package org.fhirportal.extensions.refill;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.ScopeSet;
import org.fhirportal.extensions.access.AccessProperties;
import org.fhirportal.extensions.access.AccessReach;
import org.fhirportal.extensions.access.AccessReaches;
import org.fhirportal.extensions.access.PatientCompartmentRules;
import org.fhirportal.extensions.access.SharedCompartmentModifications;
import org.junit.jupiter.api.Test;

/**
 * A token's rule list is built once and then applied by all its concurrent requests (SmartAuthorizationInterceptor
 * caches it). HAPI's rules keep no request state, except the compartment modifications that HAPI's RuleBuilder
 * makes for {@code inCompartment(...)}: their lookups write to a plain HashMap, and concurrent first lookups failed a
 * read with ConcurrentModificationException. Every compartment rule the portal builds (the scope rules and the
 * refill rules) must hold modifications that are safe to share. The rules' fields are read by reflection, as HAPI
 * offers no accessor; the test fails if it finds none, so a renamed field cannot make it pass unseen.
 */
class SharedRuleListsTest {

	private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

	private final PatientCompartmentRules rules = new PatientCompartmentRules(AccessProperties.defaults(),
			List.of(new RefillAutoConfiguration().refillOperationRules()));

	@Test
	void rulesWhenBuiltForEachScopeFormThenEveryCompartmentRuleHoldsModificationsSafeToShare() throws Exception {
		AccessReaches ownRecord = new AccessReaches(AccessReach.patients(Set.of("p1")), AccessReach.NONE, AccessReach.NONE, true);
		AccessReaches caregiver = new AccessReaches(AccessReach.NONE, AccessReach.patients(Set.of("p1", "p2")), AccessReach.NONE, true);
		List<CompartmentSearchParameterModifications> found = new ArrayList<>();
		for (String scopes : List.of("patient/*.rs", "patient/*.cruds", "patient/Observation.rs?category=" + CATEGORY + "|laboratory",
				"patient/*.read patient/Task.write")) {
			found.addAll(modificationsIn(rules.forContext(token("Patient/p1", "p1", scopes), ownRecord)));
		}
		for (String scopes : List.of("user/*.rs", "user/*.cruds", "user/Observation.rs?category=" + CATEGORY + "|vital-signs")) {
			found.addAll(modificationsIn(rules.forContext(token("RelatedPerson/r1", null, scopes), caregiver)));
		}

		assertThat(found).as("compartment rules found").hasSizeGreaterThan(10)
				.allSatisfy(m -> assertThat(m).isInstanceOf(SharedCompartmentModifications.class));
	}

	@Test
	void lookupsWhenResourceTypeNotSeenBeforeThenTheyAnswerWithoutAddingIt() {
		SharedCompartmentModifications taskByPatient = SharedCompartmentModifications.including("Task", "patient");

		assertThat(taskByPatient.getAdditionalSearchParamNamesForResourceType("Task")).containsExactly("patient");
		assertThat(taskByPatient.getAdditionalSearchParamNamesForResourceType("Observation")).isEmpty();
		assertThat(taskByPatient.getOmittedSPNamesForResourceType("Observation")).isEmpty();
		assertThat(taskByPatient.getAdditionalSearchParamNamesForResourceType("task")).as("types match in any case").containsExactly("patient");
	}

	private static SmartAccessContext token(String fhirUser, String patient, String scopes) {
		return new SmartAccessContext("user-1", "app", Optional.ofNullable(fhirUser), Optional.ofNullable(patient), Optional.empty(),
				ScopeSet.parse(scopes), "jti-" + scopes.hashCode(), Instant.now().plusSeconds(300));
	}

	/**
	 * The compartment modifications of the rules classified "in compartment" (HAPI gives every rule one, but only
	 * those rules look into it).
	 */
	private static List<CompartmentSearchParameterModifications> modificationsIn(List<IAuthRule> ruleList) throws IllegalAccessException {
		List<CompartmentSearchParameterModifications> found = new ArrayList<>();
		for (IAuthRule rule : ruleList) {
			if (fieldsOf(rule).stream().noneMatch(value -> value instanceof Enum<?> e && e.name().equals("IN_COMPARTMENT"))) {
				continue;
			}
			fieldsOf(rule).stream().filter(CompartmentSearchParameterModifications.class::isInstance)
					.map(CompartmentSearchParameterModifications.class::cast).forEach(found::add);
		}
		return found;
	}

	/** The values of every field of the rule and of its superclasses. */
	private static List<Object> fieldsOf(IAuthRule rule) throws IllegalAccessException {
		List<Object> values = new ArrayList<>();
		for (Class<?> type = rule.getClass(); type != null; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
					field.setAccessible(true);
					values.add(field.get(rule));
				}
			}
		}
		return values;
	}
}
