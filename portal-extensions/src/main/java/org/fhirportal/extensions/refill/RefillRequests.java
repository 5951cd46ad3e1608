package org.fhirportal.extensions.refill;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import org.fhirportal.extensions.workflow.OperationErrors;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * Creates PortalRefillRequest Tasks: in one transaction, opens the prescription's single pending request
 * ({@link OpenRefillRequests}) and creates the Task (status requested, focus the MedicationRequest, owner its
 * prescriber) through HAPI's DAO. The caller has been checked by {@link RefillOperations}.
 */
final class RefillRequests {

	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;
	private final OpenRefillRequests open;
	private final Clock clock;

	RefillRequests(DaoRegistry daos, IHapiTransactionService transactions, OpenRefillRequests open, Clock clock) {
		this.daos = Objects.requireNonNull(daos, "daos");
		this.transactions = Objects.requireNonNull(transactions, "transactions");
		this.open = Objects.requireNonNull(open, "open");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** The table of open requests, shared with {@link StaffRefillCreates}. */
	OpenRefillRequests openRequests() {
		return open;
	}

	MedicationRequest prescription(IdType id) {
		try {
			return (MedicationRequest) daos.getResourceDao(MedicationRequest.class).read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
		} catch (ResourceGoneException gone) {
			throw new ResourceNotFoundException(id.toUnqualifiedVersionless());
		}
	}

	Task request(MedicationRequest prescription, Reference requester, String note) {
		if (prescription.getStatus() != MedicationRequest.MedicationRequestStatus.ACTIVE) {
			throw OperationErrors.unprocessable("id", "MedicationRequest/" + prescription.getIdElement().getIdPart() + " is "
					+ (prescription.hasStatus() ? prescription.getStatus().toCode() : "without status") + "; only active prescriptions can be refilled");
		}
		Reference prescriber = prescription.getRequester();
		if (!"Practitioner".equals(prescriber.getReferenceElement().getResourceType())) {
			throw OperationErrors.unprocessable("id", "MedicationRequest/" + prescription.getIdElement().getIdPart()
					+ " names no prescribing Practitioner to send the request to");
		}
		String prescriptionId = prescription.getIdElement().getIdPart();
		return transactions.withSystemRequest().execute(() -> {
			open.open(prescriptionId, this::isOpen);
			Task task = new Task();
			task.getMeta().addProfile(PortalIg.REFILL_REQUEST_PROFILE);
			task.setStatus(Task.TaskStatus.REQUESTED);
			task.setIntent(Task.TaskIntent.ORDER);
			task.setCode(new CodeableConcept(new Coding(PortalIg.TASK_CODE_SYSTEM, PortalIg.REFILL_REQUEST_CODE, "Medication refill request")));
			task.setFocus(new Reference("MedicationRequest/" + prescriptionId));
			task.setFor(new Reference(prescription.getSubject().getReference()));
			task.setAuthoredOn(Date.from(clock.instant()));
			task.setLastModified(task.getAuthoredOn());
			task.setRequester(requester);
			task.setOwner(new Reference(prescriber.getReference()));
			if (note != null) {
				task.addNote().setText(note).setTime(task.getAuthoredOn());
			}
			Task created = (Task) daos.getResourceDao(Task.class).create(task, new SystemRequestDetails()).getResource();
			open.recordTask(prescriptionId, created.getIdElement().getIdPart());
			return created;
		});
	}

	/** Whether the Task is still an open refill request (a deleted or missing Task is not). */
	boolean isOpen(String taskId) {
		try {
			Task task = (Task) daos.getResourceDao(Task.class).read(new IdType("Task", taskId), new SystemRequestDetails());
			return !RefillLifecycle.isClosed(task.getStatus());
		} catch (ResourceNotFoundException | ResourceGoneException gone) {
			return false;
		}
	}
}
