package org.fhirportal.auth.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A whole requested or granted SMART scope set, e.g. the OAuth {@code scope} parameter
 * {@code "openid fhirUser launch/patient patient/Observation.rs offline_access"}. Immutable.
 *
 * <p>Hand-written: no library used by this project provides SMART scope semantics. It separates
 * the {@link NonResourceScope}s from the clinical-data {@link SmartScope}s, following
 * <a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART App
 * Launch 2.2: Scopes and Launch Context</a>. Every scope must be valid: an unknown or malformed
 * one raises {@link InvalidScopeException} and nothing is dropped silently. Duplicates (same
 * canonical form) are kept once; request order is kept.
 */
public final class ScopeSet {

  private static final ScopeSet EMPTY = new ScopeSet(List.of(), Set.of(), List.of());

  private final List<String> tokens;
  private final Set<NonResourceScope> nonResourceScopes;
  private final List<SmartScope> resourceScopes;

  private ScopeSet(List<String> tokens, Set<NonResourceScope> nonResourceScopes,
      List<SmartScope> resourceScopes) {
    this.tokens = tokens;
    this.nonResourceScopes = nonResourceScopes;
    this.resourceScopes = resourceScopes;
  }

  /** The set with no scopes. */
  public static ScopeSet empty() {
    return EMPTY;
  }

  /**
   * Parses a space-separated scope string (RFC 6749 section 3.3). The empty string gives the
   * empty set; otherwise scopes are separated by exactly one space.
   *
   * @throws InvalidScopeException for the first invalid scope, including an empty one
   */
  public static ScopeSet parse(String scopes) {
    return parse(scopes, type -> true);
  }

  /**
   * As {@link #parse(String)}, also rejecting resource types for which {@code knownResourceType}
   * is false.
   */
  public static ScopeSet parse(String scopes, Predicate<String> knownResourceType) {
    Objects.requireNonNull(scopes, "scopes");
    if (scopes.isEmpty()) {
      return EMPTY;
    }
    String[] pieces = scopes.split(" ", -1);
    for (int i = 0; i < pieces.length; i++) {
      if (pieces[i].isEmpty()) {
        throw new InvalidScopeException("", "empty scope at position " + (i + 1)
            + " of the scope list (two spaces in a row, or a leading or trailing space)");
      }
    }
    return of(List.of(pieces), knownResourceType);
  }

  /**
   * Builds a set from individual scopes, e.g. the {@code Set<String>} Spring Authorization Server
   * keeps.
   *
   * @throws InvalidScopeException for the first invalid scope
   */
  public static ScopeSet of(Collection<String> scopes) {
    return of(scopes, type -> true);
  }

  /** As {@link #of(Collection)}, also rejecting unknown resource types. */
  public static ScopeSet of(Collection<String> scopes, Predicate<String> knownResourceType) {
    Objects.requireNonNull(knownResourceType, "knownResourceType");
    Set<String> tokens = new LinkedHashSet<>();
    Set<NonResourceScope> other = EnumSet.noneOf(NonResourceScope.class);
    List<SmartScope> resources = new ArrayList<>();
    for (String scope : scopes) {
      Objects.requireNonNull(scope, "scope");
      ScopeTokens.requireValidToken(scope);
      Optional<NonResourceScope> known = NonResourceScope.fromValue(scope);
      if (known.isPresent()) {
        other.add(known.get());
        tokens.add(scope);
      } else if (scope.startsWith("launch/")) {
        throw new InvalidScopeException(scope, "unknown launch context '"
            + scope.substring("launch/".length()) + "'; expected launch/patient or launch/encounter");
      } else if (scope.indexOf('/') >= 0) {
        SmartScope parsed = SmartScope.parse(scope, knownResourceType);
        if (tokens.add(parsed.toString())) {
          resources.add(parsed);
        }
      } else {
        throw new InvalidScopeException(scope, "unknown scope; expected openid, fhirUser, profile,"
            + " launch, launch/patient, launch/encounter, offline_access, online_access or a"
            + " resource scope such as patient/Observation.rs");
      }
    }
    return tokens.isEmpty() ? EMPTY : new ScopeSet(List.copyOf(tokens),
        Collections.unmodifiableSet(other), List.copyOf(resources));
  }

  /**
   * True if the set contains the scope, compared in canonical form (so {@code %7C} and {@code |}
   * in a query are the same). Never throws: an invalid scope is simply not contained.
   */
  public boolean has(String scope) {
    if (scope == null || NonResourceScope.fromValue(scope).isPresent()) {
      return scope != null && tokens.contains(scope);
    }
    try {
      return tokens.contains(SmartScope.parse(scope).toString());
    } catch (InvalidScopeException e) {
      return false;
    }
  }

  /** True if the set contains the non-resource scope. */
  public boolean has(NonResourceScope scope) {
    return nonResourceScopes.contains(scope);
  }

  /** The non-resource scopes (openid, launch/patient, offline_access, ...); unmodifiable. */
  public Set<NonResourceScope> nonResourceScopes() {
    return nonResourceScopes;
  }

  /** The clinical-data scopes in request order; unmodifiable. */
  public List<SmartScope> resourceScopes() {
    return resourceScopes;
  }

  /** Every scope in canonical form and request order; unmodifiable. */
  public List<String> tokens() {
    return tokens;
  }

  /** True if there are no scopes at all. */
  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  /**
   * True if some scope covers the permission on the type in the context, possibly only for
   * resources matching a query. Use {@link #access} to get those constraints before serving data.
   */
  public boolean allows(Context context, String resourceType, Permission permission) {
    return access(context, resourceType, permission).allowed();
  }

  /**
   * What the set grants for a permission on a type in a context: denied, unrestricted, or
   * limited to resources matching any of the granular scopes' queries.
   */
  public ScopeAccess access(Context context, String resourceType, Permission permission) {
    List<ScopeQuery> constraints = new ArrayList<>();
    for (SmartScope scope : resourceScopes) {
      if (scope.covers(context, resourceType, permission)) {
        if (!scope.isGranular()) {
          return ScopeAccess.UNRESTRICTED;
        }
        if (!constraints.contains(scope.query())) {
          constraints.add(scope.query());
        }
      }
    }
    return constraints.isEmpty() ? ScopeAccess.DENIED : ScopeAccess.constrained(constraints);
  }

  /** The canonical space-separated scope string; {@code parse(toString())} equals this set. */
  @Override
  public String toString() {
    return String.join(" ", tokens);
  }

  /** Equal if both contain the same scopes in canonical form, in any order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ScopeSet s && Set.copyOf(tokens).equals(Set.copyOf(s.tokens));
  }

  @Override
  public int hashCode() {
    return Set.copyOf(tokens).hashCode();
  }
}
