package org.fhirportal.auth.scope;

import java.util.List;

/**
 * What a {@link ScopeSet} grants for one context, resource type and permission.
 *
 * <ul>
 *   <li>not {@link #allowed()}: no scope covers the request;
 *   <li>{@link #unrestricted()}: some scope covers it without a query constraint;
 *   <li>otherwise only granular scopes cover it, and a resource is accessible only if it
 *       matches at least one of the {@link #constraints()} (SMART combines scopes with OR).
 * </ul>
 *
 * @param allowed whether any scope covers the request
 * @param constraints the alternative query constraints; empty when denied or unrestricted
 */
public record ScopeAccess(boolean allowed, List<ScopeQuery> constraints) {

  /** No scope covers the request. */
  public static final ScopeAccess DENIED = new ScopeAccess(false, List.of());
  /** A scope without query constraint covers the request. */
  public static final ScopeAccess UNRESTRICTED = new ScopeAccess(true, List.of());

  /** Copies the constraints; a denied access cannot carry constraints. */
  public ScopeAccess {
    constraints = List.copyOf(constraints);
    if (!allowed && !constraints.isEmpty()) {
      throw new IllegalArgumentException("a denied access has no constraints");
    }
    if (constraints.stream().anyMatch(ScopeQuery::isEmpty)) {
      throw new IllegalArgumentException("an empty query is not a constraint; use UNRESTRICTED");
    }
  }

  /** Access limited to resources matching at least one of the (non-empty) queries. */
  public static ScopeAccess constrained(List<ScopeQuery> constraints) {
    if (constraints.isEmpty()) {
      throw new IllegalArgumentException("constrained access needs at least one query");
    }
    return new ScopeAccess(true, constraints);
  }

  /** True if allowed without any query constraint. */
  public boolean unrestricted() {
    return allowed && constraints.isEmpty();
  }
}
