package org.fhirportal.extensions.analytics.synthetic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.fhirportal.extensions.audit.AuditRecord;

/**
 * Everything {@link SyntheticPortalActivity} generated: the ground truth of a synthetic portal, from which a test
 * computes the expected engagement figures on its own. All instants are whole milliseconds (as the database keeps
 * them). References are versionless ({@code DiagnosticReport/x}).
 *
 * @param patients the patients, with their cohort attributes and portal accounts
 * @param organizations the managing organizations' references
 * @param practitioners the general practitioners' references
 * @param caregivers the caregivers (RelatedPerson references) by the patient they act for
 * @param labs the laboratory reports issued
 * @param messages the messages, from patients and from the care team
 * @param appointments the appointments, booked by patients or by the practice
 * @param refills the refill requests
 * @param audit the audit trail: sign-ins (and failed ones, token events), reads and searches of patients,
 *     caregivers and practitioners, creates; in time order
 * @param clinical the patients' clinical courses (conditions, dispenses, lab values, encounters); empty unless
 *     {@link PlantedEffects#clinical()}
 */
public record SyntheticActivity(
		List<Patient> patients,
		List<String> organizations,
		List<String> practitioners,
		List<Caregiver> caregivers,
		List<Lab> labs,
		List<Message> messages,
		List<Appointment> appointments,
		List<Refill> refills,
		List<AuditRecord> audit,
		Clinical clinical) {

	public SyntheticActivity(List<Patient> patients, List<String> organizations, List<String> practitioners, List<Caregiver> caregivers,
			List<Lab> labs, List<Message> messages, List<Appointment> appointments, List<Refill> refills, List<AuditRecord> audit) {
		this(patients, organizations, practitioners, caregivers, labs, messages, appointments, refills, audit,
				new Clinical(List.of(), List.of(), List.of(), List.of()));
	}

	public SyntheticActivity {
		java.util.Objects.requireNonNull(clinical, "clinical");
		patients = List.copyOf(patients);
		organizations = List.copyOf(organizations);
		practitioners = List.copyOf(practitioners);
		caregivers = List.copyOf(caregivers);
		labs = List.copyOf(labs);
		messages = List.copyOf(messages);
		appointments = List.copyOf(appointments);
		refills = List.copyOf(refills);
		audit = List.copyOf(audit);
	}

	/**
	 * @param id the Patient's logical id
	 * @param gender administrative gender code
	 * @param organization {@code Organization/x}
	 * @param practitioner {@code Practitioner/x}, or absent
	 * @param username the portal login, when the patient has an account
	 * @param enrolled when the account was created, when there is one
	 */
	public record Patient(String id, LocalDate birthDate, String gender, String organization, Optional<String> practitioner,
			Optional<String> username, Optional<Instant> enrolled) {}

	public record Caregiver(String ref, String patientId) {}

	/** A laboratory DiagnosticReport and the Observation it reports. */
	public record Lab(String ref, String observationRef, String patientId, Instant issued) {}

	/** A message; {@code inResponseTo} is the message it answers, if any. */
	public record Message(String ref, String patientId, Instant sent, boolean fromPatient, Optional<String> inResponseTo) {}

	/**
	 * An appointment, starting {@link #LEAD_TIME} after it was made; {@code selfScheduled} when the patient booked it
	 * in the portal; {@code status} its Appointment.status code ({@code booked}, or with planted effects
	 * {@code fulfilled} or {@code noshow} once due).
	 */
	public record Appointment(String ref, String patientId, Instant created, boolean selfScheduled, String status) {

		public static final java.time.Duration LEAD_TIME = java.time.Duration.ofDays(7);

		public Appointment(String ref, String patientId, Instant created, boolean selfScheduled) {
			this(ref, patientId, created, selfScheduled, "booked");
		}

		public java.time.Instant start() {
			return created.plus(LEAD_TIME);
		}
	}

	/** A refill request about the patient's {@code medicationRequest}. */
	public record Refill(String ref, String patientId, Instant authored, String medicationRequest) {}

	/** The clinical courses: what the effect outcomes other than no-show are computed from. */
	public record Clinical(List<Condition> conditions, List<Dispense> dispenses, List<LabValue> labValues, List<Encounter> encounters) {

		public Clinical {
			conditions = List.copyOf(conditions);
			dispenses = List.copyOf(dispenses);
			labValues = List.copyOf(labValues);
			encounters = List.copyOf(encounters);
		}
	}

	/** An active condition, SNOMED CT coded, with its onset day. */
	public record Condition(String ref, String patientId, String code, String display, LocalDate onset, boolean diabetes) {}

	/** A completed dispense of the patient's medication order: {@code daysSupply} days handed over at {@code handedOver}. */
	public record Dispense(String ref, String patientId, String medicationRequest, Instant handedOver, int daysSupply) {}

	/**
	 * A laboratory Observation with a quantity; {@code low}/{@code high} its reference range (NaN: none) and
	 * {@code interpretation} H or L when out of range (absent otherwise).
	 */
	public record LabValue(String ref, String patientId, String loinc, String display, Instant effective, double value, String unit,
			double low, double high, Optional<String> interpretation) {}

	/** An ambulatory encounter that followed up a result. */
	public record Encounter(String ref, String patientId, Instant start) {}
}
