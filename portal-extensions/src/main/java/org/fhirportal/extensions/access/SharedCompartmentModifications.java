package org.fhirportal.extensions.access;

import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compartment search-parameter changes that a rule list serving many requests at once can hold. HAPI's own
 * {@link CompartmentSearchParameterModifications} (which {@code inCompartment(...)} and
 * {@code inCompartmentWithFilter(...)} create for every rule) writes an empty entry into a plain {@code HashMap} on
 * each lookup of a resource type it has not seen; {@link SmartAuthorizationInterceptor} shares one rule list between
 * all requests of a token, so concurrent first lookups failed with {@code ConcurrentModificationException} (a 500).
 * Lookups here never write. Every compartment rule that the portal builds must use one of these
 * ({@code inModifiedCompartment(..., SharedCompartmentModifications.none())}); fill it before the rule is shared.
 */
public final class SharedCompartmentModifications extends CompartmentSearchParameterModifications {

	private final Map<String, Set<String>> additional = new ConcurrentHashMap<>();
	private final Map<String, Set<String>> omitted = new ConcurrentHashMap<>();

	/** The compartment as FHIR's CompartmentDefinition defines it. */
	public static SharedCompartmentModifications none() {
		return new SharedCompartmentModifications();
	}

	/** The compartment, with resources of {@code resourceType} also in it through {@code searchParameter}. */
	public static SharedCompartmentModifications including(String resourceType, String searchParameter) {
		SharedCompartmentModifications modifications = new SharedCompartmentModifications();
		modifications.addSPToIncludeInCompartment(resourceType, searchParameter);
		return modifications;
	}

	@Override
	public void addSPToOmitFromCompartment(String resourceType, String searchParameter) {
		omitted.computeIfAbsent(key(resourceType), k -> ConcurrentHashMap.newKeySet()).add(searchParameter);
	}

	@Override
	public void addSPToIncludeInCompartment(String resourceType, String searchParameter) {
		additional.computeIfAbsent(key(resourceType), k -> ConcurrentHashMap.newKeySet()).add(searchParameter);
	}

	@Override
	public Set<String> getAdditionalSearchParamNamesForResourceType(String resourceType) {
		return Collections.unmodifiableSet(additional.getOrDefault(key(resourceType), Set.of()));
	}

	@Override
	public Set<String> getOmittedSPNamesForResourceType(String resourceType) {
		return Collections.unmodifiableSet(omitted.getOrDefault(key(resourceType), Set.of()));
	}

	private static String key(String resourceType) {
		return resourceType.toLowerCase(Locale.ROOT);
	}
}
