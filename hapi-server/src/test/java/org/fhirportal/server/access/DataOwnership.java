package org.fhirportal.server.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Which patient(s) each stored resource belongs to: every resource of a Patient-compartment type returned by an
 * administrator's {@code Patient/{id}/$everything}. The matrix's oracle for "outside a principal's reach".
 */
final class DataOwnership {

	private final FhirContext fhirContext;
	private final Map<String, Set<String>> owners = new HashMap<>();
	private final Map<String, Map<String, List<String>>> byPatientAndType = new HashMap<>();

	DataOwnership(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	void load(RawHttp admin, String base, List<String> patients) {
		for (String patient : patients) {
			String path = "/Patient/" + patient + "/$everything?_count=500";
			while (path != null) {
				HttpResponse<String> page = admin.get(path);
				if (page.statusCode() != 200) {
					throw new AssertionError("$everything of " + patient + " failed: " + page.body());
				}
				Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, page.body());
				for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
					Resource resource = entry.getResource();
					if (inPatientCompartment(resource)) {
						String ref = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
						owners.computeIfAbsent(ref, r -> new HashSet<>()).add(patient);
						byPatientAndType.computeIfAbsent(patient, p -> new HashMap<>())
								.computeIfAbsent(resource.fhirType(), t -> new ArrayList<>()).add(resource.getIdElement().getIdPart());
					}
				}
				Bundle.BundleLinkComponent next = bundle.getLink("next");
				path = next == null ? null : next.getUrl().substring(next.getUrl().indexOf(base) + base.length());
			}
		}
	}

	boolean inPatientCompartment(IBaseResource resource) {
		RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(resource);
		return definition.getName().equals("Patient") || !definition.getSearchParamsForCompartmentName("Patient").isEmpty();
	}

	/** The patients whose compartment holds the resource; empty if it belongs to none (directory data). */
	Set<String> ownersOf(String type, String id) {
		return owners.getOrDefault(type + "/" + id, Set.of());
	}

	/** One resource of the type owned by the patient (only by that patient), if any. */
	String sampleOf(String patient, String type) {
		return byPatientAndType.getOrDefault(patient, Map.of()).getOrDefault(type, List.of()).stream()
				.filter(id -> ownersOf(type, id).equals(Set.of(patient))).findFirst().orElse(null);
	}

	/** True if some patient owns a resource of the type. */
	boolean anyOf(String type) {
		return byPatientAndType.values().stream().anyMatch(types -> types.containsKey(type));
	}

	Set<String> typesOf(String patient) {
		return byPatientAndType.getOrDefault(patient, Map.of()).keySet();
	}
}
