package org.fhirportal.auth.scope;

/**
 * Which SMART syntax a clinical-data scope was written in. Both map onto the same
 * {@link Permission}s; the version is kept so a granted scope is echoed in the form requested.
 */
public enum ScopeVersion {
  /** SMART v1: {@code .read}, {@code .write} or {@code .*}; no query constraints. */
  V1,
  /** SMART v2: {@code .cruds} letters, optionally with a query constraint. */
  V2
}
