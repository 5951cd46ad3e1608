package org.fhirportal.auth.scope;

import java.util.Arrays;
import java.util.Optional;

/**
 * The context prefix of a SMART clinical-data scope: whose data the scope reaches.
 *
 * @see <a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART
 *     App Launch: Scopes and Launch Context</a>
 */
public enum Context {
  /** {@code patient/}: data about the patient in the launch context only. */
  PATIENT("patient"),
  /** {@code user/}: data the signed-in user may access. */
  USER("user"),
  /** {@code system/}: backend services, no user involved. */
  SYSTEM("system");

  private final String prefix;

  Context(String prefix) {
    this.prefix = prefix;
  }

  /** The prefix as written in a scope, e.g. {@code patient}. */
  public String prefix() {
    return prefix;
  }

  /** The context for an exact (case-sensitive) prefix, or empty if there is none. */
  public static Optional<Context> fromPrefix(String prefix) {
    return Arrays.stream(values()).filter(c -> c.prefix.equals(prefix)).findFirst();
  }
}
