package org.fhirportal.extensions.release;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;

/**
 * Which results are held back from patients: results (Observation, DiagnosticReport, DocumentReference) whose
 * category is one of the configured held categories are labelled {@link #HELD} in {@code meta.security} when they
 * are stored, and stay invisible to patient-side tokens until a clinician releases them (removes the label).
 */
final class ReleasePolicy {

	/** The security label of a result not yet released to the patient. */
	static final Coding HELD = new Coding(PortalIg.CANONICAL + "/CodeSystem/portal-release-status", "held", "Held until released to the patient");

	static final Set<String> RESULT_TYPES = Set.of("Observation", "DiagnosticReport", "DocumentReference");

	private final Set<String> heldCategories;

	ReleasePolicy(ReleaseProperties properties) {
		this.heldCategories = Set.copyOf(Objects.requireNonNull(properties, "properties").heldCategories());
	}

	/** True if the result's category is held by the policy. */
	boolean mustHold(IBaseResource resource) {
		return categories(resource).stream().flatMap(c -> c.getCoding().stream())
				.anyMatch(coding -> heldCategories.contains(coding.getSystem() + "|" + coding.getCode()));
	}

	static boolean isHeld(IBaseResource resource) {
		for (IBaseCoding label : resource.getMeta().getSecurity()) {
			if (HELD.getSystem().equals(label.getSystem()) && HELD.getCode().equals(label.getCode())) {
				return true;
			}
		}
		return false;
	}

	private static List<CodeableConcept> categories(IBaseResource resource) {
		if (resource instanceof Observation observation) {
			return observation.getCategory();
		}
		if (resource instanceof DiagnosticReport report) {
			return report.getCategory();
		}
		if (resource instanceof DocumentReference document) {
			return document.getCategory();
		}
		return List.of();
	}
}
