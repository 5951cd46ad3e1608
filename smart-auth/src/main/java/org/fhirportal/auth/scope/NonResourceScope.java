package org.fhirportal.auth.scope;

import java.util.Arrays;
import java.util.Optional;

/**
 * The SMART and OpenID Connect scopes that do not grant access to FHIR resources.
 *
 * @see <a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART
 *     App Launch: Scopes and Launch Context</a>
 */
public enum NonResourceScope {
  /** OpenID Connect sign-in (an id_token is issued). */
  OPENID("openid"),
  /** The id_token carries a {@code fhirUser} claim naming the user's FHIR resource. */
  FHIR_USER("fhirUser"),
  /** OpenID Connect basic profile claims. */
  PROFILE("profile"),
  /** EHR launch: the app receives a {@code launch} parameter to exchange for context. */
  LAUNCH("launch"),
  /** Standalone launch: a patient must be selected and returned as launch context. */
  LAUNCH_PATIENT("launch/patient"),
  /** Standalone launch: an encounter must be selected and returned as launch context. */
  LAUNCH_ENCOUNTER("launch/encounter"),
  /** A refresh token that outlives the user's session. */
  OFFLINE_ACCESS("offline_access"),
  /** A refresh token valid while the user stays signed in. */
  ONLINE_ACCESS("online_access"),
  /** Not SMART: register clients at the registration endpoint (RFC 7591); administrators only. */
  CLIENT_CREATE("client.create"),
  /** Not SMART: read client registrations; administrators only. */
  CLIENT_READ("client.read"),
  /**
   * Not SMART: a registration access token's only scope (RFC 7592 section 3), good for its own client at the
   * registration endpoint; never registered by a client nor accepted by the admin APIs.
   */
  CLIENT_REGISTRATION("client.registration"),
  /** Not SMART: update and delete clients through the admin API ({@code /api/admin/clients}); administrators only. */
  CLIENT_ADMIN("client.admin"),
  /** Not SMART: create portal accounts and activation codes through the admin API; administrators only. */
  USER_ADMIN("user.admin");

  private final String value;

  NonResourceScope(String value) {
    this.value = value;
  }

  /** The scope as written, e.g. {@code launch/patient}. */
  public String value() {
    return value;
  }

  /** The scope for an exact (case-sensitive) value, or empty if there is none. */
  public static Optional<NonResourceScope> fromValue(String value) {
    return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
  }

  @Override
  public String toString() {
    return value;
  }
}
