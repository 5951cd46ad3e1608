package org.fhirportal.server.rest;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * Finds an element repeated more often than a limit in a parsed resource, walking every child of every element
 * (contained resources and Bundle entries included). HAPI's parsers have no hook to count repeats while they read,
 * so the count runs on the strict parse that {@link IncomingBodyRules} makes anyway, before HAPI stores or indexes
 * anything (indexing 100,000 names took minutes).
 */
final class ElementRepeats {

	private ElementRepeats() {
	}

	/** The path of the first element with more than {@code limit} values and its count, if there is one. */
	static Optional<String> firstOver(Base element, String path, int limit) {
		for (Property property : element.children()) {
			List<Base> values = property.getValues();
			String childPath = path + "." + property.getName();
			if (values.size() > limit) {
				return Optional.of(childPath + " has " + values.size());
			}
			for (Base value : values) {
				Optional<String> found = firstOver(value, value instanceof Resource resource ? resource.fhirType() : childPath, limit);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		return Optional.empty();
	}
}
