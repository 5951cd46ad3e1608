package org.fhirportal.extensions.booking;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;

/**
 * Patients change appointments only through the scheduling operations, which keep the Slot in step: a
 * patient-side create, update or delete of an Appointment over the REST API is refused (403), even with
 * {@code patient/Appointment.cud} scopes, so no app can book an appointment without taking its slot. Staff write
 * Appointments as EHRs do. (The operations write through HAPI's DAOs with system requests, which this
 * endpoint interceptor does not see.)
 */
@Interceptor
public final class AppointmentWriteGuard {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void resourceCreated(RequestDetails request, IBaseResource resource) {
		handleWrite(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void resourceUpdated(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
		handleWrite(newResource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void resourceDeleted(RequestDetails request, IBaseResource resource) {
		handleWrite(resource);
	}

	private static void handleWrite(IBaseResource resource) {
		if (resource instanceof Appointment && Caller.currentAccess().map(Caller::new).filter(Caller::isPatientSide).isPresent()) {
			throw new ForbiddenOperationException("Patients book, cancel and reschedule with Appointment/$book, "
					+ "Appointment/[id]/$cancel and Appointment/[id]/$reschedule");
		}
	}
}
