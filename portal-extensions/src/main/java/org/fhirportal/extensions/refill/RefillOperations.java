package org.fhirportal.extensions.refill;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.workflow.Caller;
import org.fhirportal.extensions.workflow.OperationErrors;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code MedicationRequest/[id]/$request-refill} (OperationDefinition MedicationRequest-request-refill): a patient
 * asks the prescriber to renew an active prescription of their own record; staff may ask on a patient's behalf.
 * Needs a scope that creates Tasks. A second request while one is pending answers 409.
 */
public final class RefillOperations {

	private final RefillRequests requests;

	RefillOperations(RefillRequests requests) {
		this.requests = Objects.requireNonNull(requests, "requests");
	}

	@Operation(name = "$request-refill", type = MedicationRequest.class)
	public Task requestRefill(
			@IdParam IdType id,
			@OperationParam(name = "note", max = 1) StringType note,
			@OperationParam(name = "requester", max = 1) Reference requester) {
		Caller caller = Caller.current();
		caller.require("Task", Permission.CREATE);
		MedicationRequest prescription = requests.prescription(id.withResourceType("MedicationRequest"));
		String patient = prescription.getSubject().getReferenceElement().getIdPart();
		if (caller.patientId().isPresent() && !caller.patientId().get().equals(patient)) {
			// As for a read of another patient's data: the prescription is not there for this caller.
			throw new ResourceNotFoundException(id.withResourceType("MedicationRequest").toUnqualifiedVersionless());
		}
		caller.requireRecordOf(patient);
		if (note != null && note.getValue() != null && note.getValue().length() > 2000) {
			throw OperationErrors.invalid("note", "must be at most 2000 characters");
		}
		return requests.request(prescription, requesterOf(caller, requester, patient),
				note == null || note.getValue() == null || note.getValue().isBlank() ? null : note.getValue());
	}

	/** The patient, unless staff name another requester (a Patient or RelatedPerson). */
	private static Reference requesterOf(Caller caller, Reference given, String patient) {
		if (given == null || !given.hasReference()) {
			return new Reference("Patient/" + patient);
		}
		IdType id = new IdType(given.getReference());
		String type = Optional.ofNullable(id.getResourceType()).orElse("");
		if (!id.hasIdPart() || !(type.equals("Patient") || type.equals("RelatedPerson"))) {
			throw OperationErrors.invalid("requester", "must reference a Patient or a RelatedPerson, got '" + given.getReference() + "'");
		}
		if (caller.isPatientSide() && !(type.equals("Patient") && id.getIdPart().equals(patient))) {
			throw new ForbiddenOperationException("A patient asks in their own name; caregivers sign in as themselves");
		}
		return new Reference(type + "/" + id.getIdPart());
	}
}
