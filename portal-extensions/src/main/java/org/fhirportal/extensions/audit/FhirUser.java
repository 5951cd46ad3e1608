package org.fhirportal.extensions.audit;

import java.util.Optional;

/** A {@code fhirUser} claim ({@code https://host/fhir/Patient/123} or {@code Patient/123}) split into type and id. */
record FhirUser(String type, String id) {

	static Optional<FhirUser> parse(String reference) {
		if (reference == null) {
			return Optional.empty();
		}
		String[] parts = reference.split("/");
		if (parts.length < 2 || parts[parts.length - 1].isBlank() || parts[parts.length - 2].isBlank()) {
			return Optional.empty();
		}
		return Optional.of(new FhirUser(parts[parts.length - 2], parts[parts.length - 1]));
	}
}
