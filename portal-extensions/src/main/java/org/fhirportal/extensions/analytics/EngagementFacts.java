package org.fhirportal.extensions.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * What the engagement analytics keep of a FHIR resource: a Patient's cohort attributes, or the one fact of a lab
 * result (a DiagnosticReport of category {@code LAB} with {@code issued}), a message (a Communication about a
 * patient with {@code sent}), an appointment of a patient, or a refill request (a Task coded
 * {@code refill-request}). An appointment counts as self-scheduled when it declares the PortalAppointment profile
 * (which {@code Appointment/$book} does) or when a patient's or caregiver's request created it (passed in).
 */
final class EngagementFacts {

	static final String LAB = "lab";
	static final String MESSAGE = "message";
	static final String APPOINTMENT = "appointment";
	static final String REFILL = "refill";
	static final String REFILL_CODE = "refill-request";
	/** The IG's PortalAppointment: declared by appointments that patients book in the portal ({@code $book}). */
	static final String PORTAL_APPOINTMENT = "http://fhirportal.org/fhir/StructureDefinition/portal-appointment";

	private EngagementFacts() {}

	static Optional<EngagementTables.PatientRow> patient(IBaseResource resource) {
		if (!(resource instanceof Patient patient)) {
			return Optional.empty();
		}
		LocalDate birth = null;
		if (patient.hasBirthDateElement() && patient.getBirthDateElement().getYear() != null) {
			Integer month = patient.getBirthDateElement().getMonth();
			Integer day = patient.getBirthDateElement().getDay();
			birth = LocalDate.of(patient.getBirthDateElement().getYear(), month == null ? 1 : month + 1, day == null ? 1 : day);
		}
		String organization = patient.hasManagingOrganization() ? versionless(patient.getManagingOrganization()) : null;
		String practitioner = patient.getGeneralPractitioner().stream()
				.filter(ref -> "Practitioner".equals(ref.getReferenceElement().getResourceType()))
				.map(EngagementFacts::versionless).findFirst().orElse(null);
		return Optional.of(new EngagementTables.PatientRow(patient.getIdElement().getIdPart(), birth,
				patient.hasGender() ? patient.getGender().toCode() : null, organization, practitioner));
	}

	/**
	 * The fact a lab result, message, appointment or refill request contributes, or empty for any other resource.
	 *
	 * @param createdByPatient whether the request that created the resource was a patient's or caregiver's
	 * @param now when the resource is being written (an appointment without {@code created})
	 */
	static Optional<EngagementTables.ResourceRow> fact(IBaseResource resource, boolean createdByPatient, Instant now) {
		String ref = resource.getIdElement().toUnqualifiedVersionless().getValue();
		if (resource instanceof DiagnosticReport report && report.getCategory().stream().anyMatch(EngagementFacts::isLab)
				&& report.hasIssued()) {
			return patientOf(report.getSubject())
					.map(patient -> new EngagementTables.ResourceRow(ref, LAB, patient, report.getIssued().toInstant(), false, null));
		}
		if (resource instanceof Communication message && message.hasSent()) {
			String answered = message.getInResponseTo().stream().map(EngagementFacts::versionless).findFirst().orElse(null);
			return patientOf(message.getSubject()).map(patient -> new EngagementTables.ResourceRow(
					ref, MESSAGE, patient, message.getSent().toInstant(), isPatientSide(message.getSender()), answered));
		}
		if (resource instanceof Appointment appointment) {
			Instant created = appointment.hasCreated() ? appointment.getCreated().toInstant() : now;
			return appointment.getParticipant().stream().map(p -> patientOf(p.getActor())).flatMap(Optional::stream).findFirst()
					.map(patient -> new EngagementTables.ResourceRow(ref, APPOINTMENT, patient, created,
							createdByPatient || declaresPortalAppointment(appointment), null));
		}
		if (resource instanceof Task task && task.getCode().getCoding().stream().anyMatch(c -> REFILL_CODE.equals(c.getCode()))
				&& task.hasAuthoredOn()) {
			return patientOf(task.getFor()).map(patient -> new EngagementTables.ResourceRow(
					ref, REFILL, patient, task.getAuthoredOn().toInstant(), isPatientSide(task.getRequester()), null));
		}
		return Optional.empty();
	}

	private static boolean declaresPortalAppointment(Appointment appointment) {
		return appointment.getMeta().getProfile().stream()
				.anyMatch(p -> p.getValue() != null && p.getValue().split("\\|")[0].equals(PORTAL_APPOINTMENT));
	}

	private static boolean isLab(CodeableConcept category) {
		return category.getCoding().stream().anyMatch(c -> "LAB".equals(c.getCode()) || "laboratory".equals(c.getCode()));
	}

	private static Optional<String> patientOf(Reference reference) {
		return "Patient".equals(reference.getReferenceElement().getResourceType())
				? Optional.of(reference.getReferenceElement().getIdPart())
				: Optional.empty();
	}

	private static boolean isPatientSide(Reference reference) {
		String type = reference.getReferenceElement().getResourceType();
		return "Patient".equals(type) || "RelatedPerson".equals(type);
	}

	private static String versionless(Reference reference) {
		return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
	}
}
