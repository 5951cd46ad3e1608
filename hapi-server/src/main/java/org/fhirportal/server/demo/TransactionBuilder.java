package org.fhirportal.server.demo;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Accumulates resources into an idempotent FHIR transaction bundle: each entry gets a
 * deterministic {@code urn:uuid:} fullUrl and a conditional {@code PUT <type>?identifier=sys|val}
 * request keyed on the resource's own business identifier.
 */
final class TransactionBuilder {

	private final Bundle bundle = new Bundle();

	TransactionBuilder() {
		bundle.setType(Bundle.BundleType.TRANSACTION);
	}

	/**
	 * Adds {@code resource} keyed on {@code identifier} (which is also added to the resource).
	 *
	 * @return a bundle-local reference ({@code urn:uuid:...}) to the new entry
	 */
	Reference put(Resource resource, Identifier identifier) {
		String type = resource.fhirType();
		String fullUrl = DemoIds.fullUrl(identifier.getSystem(), identifier.getValue());
		addIdentifier(resource, identifier);
		bundle.addEntry()
				.setFullUrl(fullUrl)
				.setResource(resource)
				.getRequest()
				.setMethod(Bundle.HTTPVerb.PUT)
				.setUrl(DemoIds.conditional(type, identifier.getSystem(), identifier.getValue()));
		return new Reference(fullUrl);
	}

	/**
	 * Same as {@link #put(Resource, Identifier)} keyed on the project identifier
	 * {@code urn:fhirportal:demo:<type>|value}.
	 */
	Reference put(Resource resource, String value) {
		return put(resource, new Identifier().setSystem(DemoIds.system(resource.fhirType())).setValue(value));
	}

	Bundle build() {
		return bundle;
	}

	private static void addIdentifier(Resource resource, Identifier identifier) {
		// Every resource type used by the generator has a repeating "identifier" element.
		resource.setProperty("identifier", identifier);
	}
}
