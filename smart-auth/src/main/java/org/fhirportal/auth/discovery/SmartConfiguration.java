package org.fhirportal.auth.discovery;

import java.util.Map;

/**
 * The SMART configuration this server publishes (<a href="https://hl7.org/fhir/smart-app-launch/conformance.html">SMART
 * App Launch, conformance</a>): the built-in authorization server's endpoints, or an external issuer's. Served at
 * {@code {fhir-base}/.well-known/smart-configuration} and summarised in the CapabilityStatement's security section.
 */
@FunctionalInterface
public interface SmartConfiguration {

	/**
	 * The discovery document, as JSON-ready values.
	 *
	 * @param serverRoot where the request reached this server ({@code https://fhir.example.org}), for endpoints
	 *                   derived from it
	 */
	Map<String, Object> document(String serverRoot);
}
