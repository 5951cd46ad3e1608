package org.fhirportal.auth.scope;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A SMART v2 permission on FHIR resources ({@code c r u d s}). Declaration order is the order
 * the specification requires in a scope's permission string.
 *
 * @see <a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART
 *     App Launch: Scopes and Launch Context</a>
 */
public enum Permission {
  /** {@code c}: FHIR create. */
  CREATE('c'),
  /** {@code r}: FHIR read and vread. */
  READ('r'),
  /** {@code u}: FHIR update and patch. */
  UPDATE('u'),
  /** {@code d}: FHIR delete. */
  DELETE('d'),
  /** {@code s}: FHIR search and history. */
  SEARCH('s');

  private final char code;

  Permission(char code) {
    this.code = code;
  }

  /** The letter used in v2 scopes. */
  public char code() {
    return code;
  }

  /** The permission for a v2 letter, or empty if the letter is not one of {@code cruds}. */
  public static Optional<Permission> fromCode(char code) {
    return Arrays.stream(values()).filter(p -> p.code == code).findFirst();
  }

  /** Renders permissions as a v2 string in canonical order, e.g. {@code rs}. */
  public static String toCodes(Collection<Permission> permissions) {
    return (permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions))
        .stream().map(p -> String.valueOf(p.code)).collect(Collectors.joining());
  }
}
