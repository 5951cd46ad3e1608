package org.fhirportal.extensions.endpoint;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * What a portal feature adds to the FHIR endpoint: its operation providers and interceptors. The application
 * collects every bean of this type, in {@link org.springframework.core.annotation.Order} order, and lets each one
 * register itself on HAPI's {@link RestfulServer} once it is built, so a feature is wired in one place (its own
 * configuration) and the server assembly need not know it.
 */
@FunctionalInterface
public interface FhirEndpointContribution {

	void contributeTo(RestfulServer server);
}
