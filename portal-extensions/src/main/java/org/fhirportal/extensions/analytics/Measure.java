package org.fhirportal.extensions.analytics;

/**
 * The figures of an engagement report, each named as its output parameter of the {@code $engagement}
 * OperationDefinition (and CSV column {@code measure}). Every figure is a count, a ratio or a duration in hours,
 * and each is derived from a set of patients whose size decides whether it may be shown (see {@link Cell}).
 */
public enum Measure {
	PATIENTS("patients", Unit.COUNT, "Patient resources held by the server"),
	ENROLLED_PATIENTS("enrolled-patients", Unit.COUNT, "patients with a portal account created by the end of the period"),
	ACTIVE_PATIENTS("active-patients", Unit.COUNT, "patients with at least one successful sign-in in the period (or month)"),
	ADOPTION("adoption", Unit.RATIO, "active patients / patients"),
	SIGN_INS("sign-ins", Unit.COUNT, "successful sign-ins of patients"),
	SIGN_INS_PER_ACTIVE_PATIENT_MONTH("sign-ins-per-active-patient-month", Unit.RATIO,
			"sign-ins / active patients, counted month by month"),
	VIEWS_RESULTS("views-results", Unit.COUNT, "views returning lab and other results (Observation, DiagnosticReport)"),
	VIEWS_MEDICATIONS("views-medications", Unit.COUNT, "views returning medications"),
	VIEWS_APPOINTMENTS("views-appointments", Unit.COUNT, "views returning appointments"),
	VIEWS_MESSAGES("views-messages", Unit.COUNT, "views returning messages (Communication)"),
	VIEWS_DOCUMENTS("views-documents", Unit.COUNT, "views returning documents (DocumentReference)"),
	LAB_RESULTS_ISSUED("lab-results-issued", Unit.COUNT, "laboratory DiagnosticReports issued in the period"),
	LAB_RESULTS_VIEWED("lab-results-viewed", Unit.COUNT, "of those, viewed by the patient or a caregiver (so far)"),
	LAB_TIME_TO_VIEW_MEDIAN("lab-time-to-view-median", Unit.HOURS, "median hours from issued to first view"),
	LAB_TIME_TO_VIEW_P90("lab-time-to-view-p90", Unit.HOURS, "90th percentile of hours from issued to first view"),
	MESSAGES_SENT("messages-sent", Unit.COUNT, "messages sent by patients and caregivers"),
	MESSAGES_REPLIED("messages-replied", Unit.COUNT, "of those, answered by the care team (so far)"),
	REPLY_TIME_MEDIAN("reply-time-median", Unit.HOURS, "median hours from a patient's message to the care team's first reply"),
	APPOINTMENTS_SELF_SCHEDULED("appointments-self-scheduled", Unit.COUNT, "appointments booked by patients and caregivers"),
	REFILL_REQUESTS("refill-requests", Unit.COUNT, "refill requests (PortalRefillRequest Tasks) authored");

	/** How a figure's value reads. */
	public enum Unit {
		/** a whole number */
		COUNT,
		/** a decimal with 3 places */
		RATIO,
		/** a decimal number of hours with 2 places */
		HOURS
	}

	private final String code;
	private final Unit unit;
	private final String description;

	Measure(String code, Unit unit, String description) {
		this.code = code;
		this.unit = unit;
		this.description = description;
	}

	public String code() {
		return code;
	}

	public Unit unit() {
		return unit;
	}

	public String description() {
		return description;
	}
}
