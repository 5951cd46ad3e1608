/**
 * The SMART App Launch 2.2 scope model: parsing, checking and describing OAuth scopes such as
 * {@code patient/Observation.rs?category=...}, {@code user/*.read}, {@code openid} and
 * {@code launch/patient}.
 *
 * <p>This package is hand-written on purpose: neither HAPI FHIR nor Spring Authorization Server
 * (nor any other library this project uses) provides SMART scope semantics. Spring Authorization
 * Server treats scopes as opaque strings; the rules implemented here follow the specification at
 * <a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART App Launch:
 * Scopes and Launch Context</a>.
 *
 * <p>Entry points: {@link org.fhirportal.auth.scope.ScopeSet#parse(String)} for a whole
 * space-separated {@code scope} parameter, {@link org.fhirportal.auth.scope.SmartScope#parse(String)}
 * for one clinical-data scope, and {@link org.fhirportal.auth.scope.ScopeDescriptions} for consent
 * screen wording. Every invalid scope raises {@link org.fhirportal.auth.scope.InvalidScopeException};
 * nothing is dropped silently. This package is pure Java and has no dependencies.
 */
package org.fhirportal.auth.scope;
