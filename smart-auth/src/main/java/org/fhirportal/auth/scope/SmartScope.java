package org.fhirportal.auth.scope;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One SMART App Launch clinical-data scope, e.g. {@code patient/Observation.rs},
 * {@code user/*.read} or {@code patient/Observation.rs?category=...|laboratory}. Immutable.
 *
 * <p>Hand-written: no library used by this project provides SMART scope semantics. Rules from
 * <a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART App
 * Launch 2.2: Scopes and Launch Context</a>:
 *
 * <ul>
 *   <li>form {@code <patient|user|system>/<ResourceType|*>.<permissions>[?<query>]};
 *   <li>v1 permissions {@code read} = r+s, {@code write} = c+u+d, {@code *} = cruds; the
 *       {@link ScopeVersion} records which form was used and {@link #toString()} keeps it;
 *   <li>v2 permissions are letters from {@code c r u d s} in that order without repeats;
 *   <li>only v2 scopes may carry a query ({@link ScopeQuery}, a granular constraint).
 * </ul>
 *
 * @param context whose data the scope reaches
 * @param resourceType a FHIR resource type name or {@link #ANY_TYPE}
 * @param permissions granted permissions, never empty; stored as an unmodifiable ordered copy
 * @param query granular constraint, {@link ScopeQuery#none()} if none
 * @param version the syntax the scope is written in
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions,
    ScopeQuery query, ScopeVersion version) {

  /** The wildcard resource type. */
  public static final String ANY_TYPE = "*";

  private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]*");
  private static final Set<Permission> V1_READ = Set.of(Permission.READ, Permission.SEARCH);
  private static final Set<Permission> V1_WRITE =
      Set.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
  private static final Set<Permission> ALL = Set.of(Permission.values());
  private static final Map<String, Set<Permission>> V1_FORMS =
      Map.of("read", V1_READ, "write", V1_WRITE, "*", ALL);

  /**
   * Validates and normalises the components.
   *
   * @throws InvalidScopeException if the resource type is malformed, permissions are empty, or
   *     a v1 scope has a query or permissions v1 cannot express
   */
  public SmartScope {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(permissions, "permissions");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(version, "version");
    String shown = context.prefix() + "/" + resourceType;
    if (!ANY_TYPE.equals(resourceType) && !RESOURCE_TYPE.matcher(resourceType).matches()) {
      throw new InvalidScopeException(shown, "'" + resourceType
          + "' is not a FHIR resource type name (capitalised letters, e.g. Observation) or *");
    }
    if (permissions.isEmpty()) {
      throw new InvalidScopeException(shown, "no permissions");
    }
    permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    if (version == ScopeVersion.V1 && v1Name(permissions) == null) {
      throw new InvalidScopeException(shown, "permissions " + Permission.toCodes(permissions)
          + " cannot be written as a SMART v1 scope (only read, write or *)");
    }
    if (version == ScopeVersion.V1 && !query.isEmpty()) {
      throw new InvalidScopeException(shown, "query constraints are only allowed on SMART v2"
          + " scopes (use permissions like .rs instead of .read)");
    }
  }

  /** A v2 scope without query, e.g. {@code of(PATIENT, "Observation", READ, SEARCH)}. */
  public static SmartScope of(Context context, String resourceType, Permission first,
      Permission... more) {
    return new SmartScope(context, resourceType, EnumSet.of(first, more), ScopeQuery.none(),
        ScopeVersion.V2);
  }

  /**
   * Parses one clinical-data scope, accepting any syntactically valid resource type.
   *
   * @throws InvalidScopeException naming the scope and what is wrong with it
   */
  public static SmartScope parse(String scope) {
    return parse(scope, type -> true);
  }

  /**
   * Parses one clinical-data scope, additionally rejecting resource types for which
   * {@code knownResourceType} is false (it is not asked about {@code *}).
   *
   * @throws InvalidScopeException naming the scope and what is wrong with it
   */
  public static SmartScope parse(String scope, Predicate<String> knownResourceType) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(knownResourceType, "knownResourceType");
    ScopeTokens.requireValidToken(scope);
    int slash = scope.indexOf('/');
    if (slash < 0) {
      throw new InvalidScopeException(scope, "not a resource scope; expected"
          + " <patient|user|system>/<ResourceType|*>.<permissions>");
    }
    String prefix = scope.substring(0, slash);
    Context context = Context.fromPrefix(prefix).orElseThrow(() -> new InvalidScopeException(
        scope, "unknown context '" + prefix + "'; expected patient, user or system"));
    String rest = scope.substring(slash + 1);
    int mark = rest.indexOf('?');
    String target = mark < 0 ? rest : rest.substring(0, mark);
    int dot = target.indexOf('.');
    if (dot < 0) {
      throw new InvalidScopeException(scope, "missing '.' between resource type and permissions");
    }
    String type = target.substring(0, dot);
    if (type.isEmpty()) {
      throw new InvalidScopeException(scope, "missing resource type before '.'");
    }
    if (!ANY_TYPE.equals(type) && RESOURCE_TYPE.matcher(type).matches()
        && !knownResourceType.test(type)) {
      throw new InvalidScopeException(scope, "unknown resource type '" + type + "'");
    }
    String codes = target.substring(dot + 1);
    Set<Permission> v1 = V1_FORMS.get(codes);
    ScopeVersion version = v1 == null ? ScopeVersion.V2 : ScopeVersion.V1;
    Set<Permission> permissions = v1 != null ? v1 : parseV2Permissions(scope, codes);
    ScopeQuery query = ScopeQuery.none();
    try {
      if (mark >= 0) {
        if (version == ScopeVersion.V1) {
          throw new InvalidScopeException(scope, "query constraints are only allowed on SMART v2"
              + " scopes (use permissions like .rs instead of ." + codes + ")");
        }
        query = ScopeQuery.parse(rest.substring(mark + 1));
      }
      return new SmartScope(context, type, permissions, query, version);
    } catch (InvalidScopeException e) {
      throw e.scope().equals(scope) ? e : new InvalidScopeException(scope, e.reason());
    }
  }

  private static Set<Permission> parseV2Permissions(String scope, String codes) {
    if (codes.isEmpty()) {
      throw new InvalidScopeException(scope, "missing permissions after '.'");
    }
    EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
    int previous = -1;
    for (char c : codes.toCharArray()) {
      Permission p = Permission.fromCode(c).orElseThrow(() -> new InvalidScopeException(scope,
          "unknown permissions '" + codes + "'; expected read, write or * (SMART v1)"
              + " or letters from c, r, u, d, s (SMART v2)"));
      if (p.ordinal() <= previous) {
        throw new InvalidScopeException(scope, "permissions '" + codes
            + "' must be in the order c, r, u, d, s without repeats");
      }
      previous = p.ordinal();
      result.add(p);
    }
    return result;
  }

  private static String v1Name(Set<Permission> permissions) {
    return V1_FORMS.entrySet().stream().filter(e -> e.getValue().equals(permissions))
        .map(Map.Entry::getKey).findFirst().orElse(null);
  }

  /** True if the resource type is {@code *}. */
  public boolean isAnyType() {
    return ANY_TYPE.equals(resourceType);
  }

  /** True if the scope carries a query constraint (SMART v2 granular scope). */
  public boolean isGranular() {
    return !query.isEmpty();
  }

  /**
   * True if this scope covers the permission on the type in the context, ignoring the
   * {@link #query()}: a granular scope only covers resources that match its query.
   */
  public boolean covers(Context context, String resourceType, Permission permission) {
    return this.context == context && permissions.contains(permission)
        && (isAnyType() || this.resourceType.equals(resourceType));
  }

  /** The same scope in v2 form, e.g. {@code patient/*.read} becomes {@code patient/*.rs}. */
  public SmartScope toV2() {
    return version == ScopeVersion.V2 ? this
        : new SmartScope(context, resourceType, permissions, query, ScopeVersion.V2);
  }

  /** The permission part as written: {@code read}, {@code write}, {@code *} or v2 letters. */
  public String permissionString() {
    return version == ScopeVersion.V1 ? v1Name(permissions) : Permission.toCodes(permissions);
  }

  /** The canonical scope string; {@code parse(toString())} equals this scope. */
  @Override
  public String toString() {
    String base = context.prefix() + "/" + resourceType + "." + permissionString();
    return query.isEmpty() ? base : base + "?" + query;
  }
}
