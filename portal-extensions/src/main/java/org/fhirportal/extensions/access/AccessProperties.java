package org.fhirportal.extensions.access;

import jakarta.validation.constraints.NotNull;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Patient-level access control settings ({@code portal.access.*}).
 *
 * @param practitionerReach    which patients a practitioner's {@code user/} scopes reach: {@code care-relationship}
 *                             (general practitioner, CareTeam participant or Encounter participant) or
 *                             {@code all-patients} (e.g. a small clinic)
 * @param patientWritableTypes the portal resource types patients and caregivers may create, update or delete in
 *                             their own compartment (messages, appointment requests, refill requests,
 *                             questionnaire answers); never clinical results
 * @param sharedTypes          resource types outside any patient's compartment (directory and definitional data)
 *                             that patient-facing tokens may read when a scope grants the type, so that
 *                             {@code $everything} and {@code _include} of a performer work
 */
@ConfigurationProperties("portal.access")
@Validated
public record AccessProperties(
		@DefaultValue("care-relationship") @NotNull(message = "portal.access.practitioner-reach must be care-relationship or all-patients") PractitionerReach practitionerReach,
		@DefaultValue({"Communication", "Appointment", "Task", "QuestionnaireResponse", "Subscription"})
		@NotNull(message = "portal.access.patient-writable-types must list resource types (may be empty)") Set<String> patientWritableTypes,
		@DefaultValue({"Practitioner", "PractitionerRole", "Organization", "Location", "HealthcareService", "Medication",
				"Questionnaire", "ValueSet", "CodeSystem", "Schedule", "Slot"})
		@NotNull(message = "portal.access.shared-types must list resource types (may be empty)") Set<String> sharedTypes) {

	public AccessProperties {
		patientWritableTypes = Set.copyOf(patientWritableTypes);
		sharedTypes = Set.copyOf(sharedTypes);
		if (sharedTypes.contains("Patient") || sharedTypes.contains("AuditEvent") || sharedTypes.contains("Binary")
				|| sharedTypes.contains("Bundle") || sharedTypes.contains("Group")) {
			throw new IllegalArgumentException("portal.access.shared-types must not list Patient, AuditEvent, Binary, Bundle or Group:"
					+ " they hold patient data");
		}
	}

	/** The defaults: care relationships, the portal's writable types and the usual directory types. */
	public static AccessProperties defaults() {
		return new AccessProperties(PractitionerReach.CARE_RELATIONSHIP,
				Set.of("Communication", "Appointment", "Task", "QuestionnaireResponse", "Subscription"),
				Set.of("Practitioner", "PractitionerRole", "Organization", "Location", "HealthcareService", "Medication",
						"Questionnaire", "ValueSet", "CodeSystem", "Schedule", "Slot"));
	}

	/** Which patients a practitioner's {@code user/} scopes reach. */
	public enum PractitionerReach {
		/** Patients they are general practitioner of, or CareTeam or Encounter participant for. */
		CARE_RELATIONSHIP,
		/** Every patient on the server. */
		ALL_PATIENTS
	}
}
