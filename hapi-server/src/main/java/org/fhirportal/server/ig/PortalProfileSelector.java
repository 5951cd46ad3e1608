package org.fhirportal.server.ig;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * Decides which writes are portal writes, and so must conform to a portal profile, without touching what EHRs
 * push: a plain Communication, Task or Appointment from an EHR is stored as HAPI stores it.
 *
 * <p>A write is a portal write when
 * <ul>
 *   <li>it declares a profile of the IG in {@code meta.profile} (whoever writes it: a client that says it
 *       conforms must conform), or</li>
 *   <li>it is a Task whose code is the portal's {@code refill-request} (a code only the portal uses), or</li>
 *   <li>it is a Communication sent by a Patient or a RelatedPerson: a message from a patient or caregiver
 *       comes through the portal, whatever the client forgot to declare.</li>
 * </ul>
 * Appointments are portal writes only when they declare the profile: the portal books through
 * {@code Appointment/$book}, which declares it, while EHRs push appointments of their own.
 */
final class PortalProfileSelector {

	private static final Set<String> PATIENT_SIDE_SENDERS = Set.of("Patient", "RelatedPerson");

	private final Map<String, String> profileTypes;

	/** @param profileTypes the IG's profiles: canonical URL to the resource type it constrains */
	PortalProfileSelector(Map<String, String> profileTypes) {
		this.profileTypes = Map.copyOf(Objects.requireNonNull(profileTypes, "profileTypes"));
	}

	/** The portal profile the resource must conform to, or empty when it is not a portal write. */
	Optional<String> requiredProfile(IBaseResource resource) {
		Optional<String> declared = declaredPortalProfile(resource);
		if (declared.isPresent()) {
			return declared;
		}
		if (resource instanceof Task task && isRefillRequest(task)) {
			return Optional.of(PortalIg.REFILL_REQUEST_PROFILE);
		}
		if (resource instanceof Communication message && isSentByPatientSide(message.getSender())) {
			return Optional.of(PortalIg.MESSAGE_PROFILE);
		}
		return Optional.empty();
	}

	private Optional<String> declaredPortalProfile(IBaseResource resource) {
		return resource.getMeta().getProfile().stream()
				.map(IPrimitiveType::getValueAsString)
				.filter(Objects::nonNull)
				.map(PortalProfileSelector::withoutVersion)
				.filter(profileTypes::containsKey)
				.findFirst();
	}

	private static boolean isRefillRequest(Task task) {
		return task.getCode().getCoding().stream().anyMatch(coding -> PortalIg.TASK_CODE_SYSTEM.equals(coding.getSystem())
				&& PortalIg.REFILL_REQUEST_CODE.equals(coding.getCode()));
	}

	private static boolean isSentByPatientSide(Reference sender) {
		String type = sender.getReferenceElement().getResourceType();
		if (type == null && sender.hasType()) {
			type = sender.getType();
		}
		return type != null && PATIENT_SIDE_SENDERS.contains(type);
	}

	private static String withoutVersion(String canonical) {
		int bar = canonical.indexOf('|');
		return bar < 0 ? canonical : canonical.substring(0, bar);
	}
}
