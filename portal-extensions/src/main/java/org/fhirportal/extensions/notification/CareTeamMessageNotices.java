package org.fhirportal.extensions.notification;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * Raises a {@link NoticeKind#MESSAGE} notice for each patient a new message from the care team is sent to: a
 * Communication stored with a {@code Patient} recipient whose sender is not a patient or caregiver (a Practitioner,
 * PractitionerRole, CareTeam or Organization, or none, as an EHR may write). Runs before the storing transaction
 * commits, so the notice is queued with the message or not at all.
 */
@Interceptor
public final class CareTeamMessageNotices {

	private static final Set<String> PATIENT_SIDE = Set.of("Patient", "RelatedPerson");

	private final PatientNotices notices;

	CareTeamMessageNotices(PatientNotices notices) {
		this.notices = Objects.requireNonNull(notices, "notices");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void resourceCreated(IBaseResource resource) {
		if (resource instanceof Communication message) {
			handleNewMessage(message);
		}
	}

	private void handleNewMessage(Communication message) {
		if (message.getStatus() == Communication.CommunicationStatus.ENTEREDINERROR || PATIENT_SIDE.contains(type(message.getSender()))) {
			return;
		}
		message.getRecipient().stream()
				.filter(recipient -> "Patient".equals(type(recipient)))
				.map(recipient -> new IdType(recipient.getReference()).getIdPart())
				.distinct()
				.forEach(patient -> notices.raise(patient, NoticeKind.MESSAGE));
	}

	private static String type(Reference reference) {
		return reference == null || !reference.hasReference() ? null : new IdType(reference.getReference()).getResourceType();
	}
}
