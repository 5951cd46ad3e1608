package org.fhirportal.extensions.access;

import ca.uhn.fhir.rest.annotation.Operation;
import org.hl7.fhir.r4.model.Parameters;

/** Two server operations standing in for a feature's own: one a contribution allows, one nobody does. */
public class TestOperations {

	@Operation(name = "$ping", idempotent = true)
	public Parameters ping() {
		return new Parameters().addParameter("pong", true);
	}

	@Operation(name = "$other", idempotent = true)
	public Parameters other() {
		return new Parameters().addParameter("other", true);
	}
}
