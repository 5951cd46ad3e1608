package org.fhirportal.server.health;

import org.fhirportal.server.rest.FhirEndpoint;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;

/**
 * Reports the FHIR endpoint as UP only once it can take requests: the application has finished
 * starting (including a first-start demo load) and the FHIR servlet has been initialised. The database
 * itself is checked by Spring Boot's own {@code db} indicator in the same health document.
 */
@Component("fhir")
class FhirEndpointHealthIndicator implements HealthIndicator {

	private final ApplicationAvailability availability;
	private final FhirEndpoint endpoint;

	FhirEndpointHealthIndicator(ApplicationAvailability availability, FhirEndpoint endpoint) {
		this.availability = availability;
		this.endpoint = endpoint;
	}

	@Override
	public Health health() {
		if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
			return Health.outOfService().withDetail("reason", "starting").build();
		}
		if (!endpoint.isInitialised()) {
			return Health.down().withDetail("reason", "FHIR servlet not initialised").build();
		}
		return Health.up().build();
	}
}
