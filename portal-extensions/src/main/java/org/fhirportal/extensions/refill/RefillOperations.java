package org.fhirportal.extensions.refill;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.access.AccessReach;
import org.fhirportal.extensions.access.AccessReachResolver;
import org.fhirportal.extensions.access.AccessReaches;
import org.fhirportal.extensions.workflow.Caller;
import org.fhirportal.extensions.workflow.OperationErrors;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code MedicationRequest/[id]/$request-refill} (OperationDefinition MedicationRequest-request-refill): a patient
 * asks the prescriber to renew an active prescription of their own record, a caregiver one of a patient they hold
 * a proxy grant for; staff may ask on a patient's behalf. Needs a scope that creates Tasks, reaching the
 * prescription's patient (a prescription out of reach answers 404, as its read would). A second request while one
 * is pending answers 409. {@link RefillTransitions} governs the request's life afterwards.
 */
public final class RefillOperations {

	private final RefillRequests requests;
	private final Optional<AccessReachResolver> reach;

	RefillOperations(RefillRequests requests, Optional<AccessReachResolver> reach) {
		this.requests = Objects.requireNonNull(requests, "requests");
		this.reach = Objects.requireNonNull(reach, "reach");
	}

	@Operation(name = "$request-refill", type = MedicationRequest.class)
	public Task requestRefill(
			@IdParam IdType id,
			@OperationParam(name = "note", max = 1) StringType note,
			@OperationParam(name = "requester", max = 1) Reference requester,
			RequestDetails request) {
		Caller caller = Caller.current();
		caller.require("Task", Permission.CREATE);
		IdType prescriptionId = id.withResourceType("MedicationRequest").toUnqualifiedVersionless();
		MedicationRequest prescription = requests.prescription(prescriptionId);
		String patient = prescription.getSubject().getReferenceElement().getIdPart();
		if (!reaches(caller, request, patient)) {
			// As for a read of another patient's data: the prescription is not there for this caller.
			throw new ResourceNotFoundException(prescriptionId);
		}
		if (!caller.isPatientSide() && !caller.isCaregiver() && !caller.isStaff()) {
			throw new ForbiddenOperationException("Only the patient, their caregivers or staff ask for a refill");
		}
		if (note != null && note.getValue() != null && note.getValue().length() > 2000) {
			throw OperationErrors.invalid("note", "must be at most 2000 characters");
		}
		return requests.request(prescription, requesterOf(caller, requester, patient),
				note == null || note.getValue() == null || note.getValue().isBlank() ? null : note.getValue());
	}

	/**
	 * Whether the caller's Task-creating scopes reach the patient: a patient-bound token only its patient, a
	 * caregiver the patients of their grants in force, a practitioner their care relationships, a backend anyone.
	 */
	private boolean reaches(Caller caller, RequestDetails request, String patient) {
		if (caller.patientId().isPresent() && !caller.patientId().get().equals(patient)) {
			return false;
		}
		if (reach.isEmpty()) {
			return caller.patientId().isPresent() || caller.isStaff();
		}
		AccessReach reached = AccessReaches.forRequest(request, caller.access(), reach.get())
				.covering(caller.access(), "Task", Permission.CREATE);
		return reached.everywhere() || reached.patientIds().contains(patient);
	}

	/**
	 * By default the patient asks, or the caregiver who calls in their own name; staff may name another requester
	 * (a Patient or RelatedPerson).
	 */
	private static Reference requesterOf(Caller caller, Reference given, String patient) {
		Optional<String> caregiver = caller.isCaregiver() ? caller.userReference() : Optional.empty();
		if (given == null || !given.hasReference()) {
			return new Reference(caregiver.orElse("Patient/" + patient));
		}
		IdType id = new IdType(given.getReference());
		String type = Optional.ofNullable(id.getResourceType()).orElse("");
		if (!id.hasIdPart() || !(type.equals("Patient") || type.equals("RelatedPerson"))) {
			throw OperationErrors.invalid("requester", "must reference a Patient or a RelatedPerson, got '" + given.getReference() + "'");
		}
		String named = type + "/" + id.getIdPart();
		if (caregiver.isPresent() && !caregiver.get().equals(named)) {
			throw new ForbiddenOperationException("A caregiver asks in their own name (" + caregiver.get() + ")");
		}
		if (caregiver.isEmpty() && caller.isPatientSide() && !named.equals("Patient/" + patient)) {
			throw new ForbiddenOperationException("A patient asks in their own name; caregivers sign in as themselves");
		}
		return new Reference(named);
	}
}
