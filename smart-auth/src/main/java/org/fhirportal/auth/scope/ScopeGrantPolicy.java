package org.fhirportal.auth.scope;

/**
 * Decides which of the requested scopes a client may be granted, given the scopes it is registered for, with
 * SMART's subset semantics: a client registered for {@code system/*.cruds} may ask for
 * {@code system/Observation.rs}; one registered for {@code patient/Observation.rs?category=...|laboratory} may
 * ask for exactly that, but not for {@code patient/Observation.rs}. An uncovered or unparseable scope is refused
 * with {@link InvalidScopeException} (OAuth {@code invalid_scope}), never dropped.
 *
 * <p>Hand-written: no library implements SMART scope containment
 * (<a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART App Launch, scopes</a>).
 */
public final class ScopeGrantPolicy {

	private ScopeGrantPolicy() {}

	/**
	 * @param requested  what the client asked for (empty means "what it is registered for")
	 * @param registered what the client may ever have
	 * @return the granted scopes
	 * @throws InvalidScopeException when a requested scope is not covered by the registration
	 */
	public static ScopeSet grant(ScopeSet requested, ScopeSet registered) {
		if (requested.isEmpty()) {
			return registered;
		}
		for (NonResourceScope scope : requested.nonResourceScopes()) {
			if (!registered.has(scope)) {
				throw new InvalidScopeException(scope.value(), "the client is not registered for this scope");
			}
		}
		for (SmartScope scope : requested.resourceScopes()) {
			if (!covered(scope, registered)) {
				throw new InvalidScopeException(scope.toString(), "the client is not registered for this access");
			}
		}
		return requested;
	}

	private static boolean covered(SmartScope scope, ScopeSet registered) {
		for (Permission permission : scope.permissions()) {
			ScopeAccess access = registered.access(scope.context(), scope.resourceType(), permission);
			boolean ok = access.unrestricted()
					|| (access.allowed() && scope.isGranular() && access.constraints().contains(scope.query()));
			if (!ok) {
				return false;
			}
		}
		return true;
	}
}
