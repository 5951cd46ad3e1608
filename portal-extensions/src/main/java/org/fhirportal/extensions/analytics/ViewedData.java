package org.fhirportal.extensions.analytics;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of data whose views the engagement report counts, by the resource types returned: a read or search
 * counts once as a view of each kind among the resources it returned (a search that returned 20 Observations is
 * one view of results). Other types (Condition, AllergyIntolerance...) are not counted.
 */
public enum ViewedData {
	RESULTS("results", Measure.VIEWS_RESULTS, Set.of("Observation", "DiagnosticReport")),
	MEDICATIONS("medications", Measure.VIEWS_MEDICATIONS,
			Set.of("MedicationRequest", "MedicationStatement", "MedicationDispense", "MedicationAdministration")),
	APPOINTMENTS("appointments", Measure.VIEWS_APPOINTMENTS, Set.of("Appointment")),
	MESSAGES("messages", Measure.VIEWS_MESSAGES, Set.of("Communication")),
	DOCUMENTS("documents", Measure.VIEWS_DOCUMENTS, Set.of("DocumentReference"));

	private final String code;
	private final Measure measure;
	private final Set<String> resourceTypes;

	ViewedData(String code, Measure measure, Set<String> resourceTypes) {
		this.code = code;
		this.measure = measure;
		this.resourceTypes = resourceTypes;
	}

	/** The kind's name in the derived table ({@code portal_engagement_daily_views.kind}). */
	public String code() {
		return code;
	}

	public Measure measure() {
		return measure;
	}

	/** The kind of a versionless reference ({@code Observation/12}), if it is one that is counted. */
	public static Optional<ViewedData> ofReference(String reference) {
		int slash = reference.indexOf('/');
		String type = slash < 0 ? reference : reference.substring(0, slash);
		return Arrays.stream(values()).filter(k -> k.resourceTypes.contains(type)).findFirst();
	}

	public static Optional<ViewedData> fromCode(String code) {
		return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
	}
}
