package org.fhirportal.extensions.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Refuses every write of an AuditEvent into the FHIR storage, whoever asks and however (a transaction entry
 * reaches the storage without passing the read-only {@link AuditEventResourceProvider}): the audit trail is the
 * audit store's alone and is append-only.
 */
@Interceptor
public final class AuditEventImmutability {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		refuseAuditEvent(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		refuseAuditEvent(newResource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		refuseAuditEvent(resource);
	}

	private static void refuseAuditEvent(IBaseResource resource) {
		if (resource != null && "AuditEvent".equals(resource.fhirType())) {
			throw new MethodNotAllowedException("AuditEvent is read-only: the server records the audit trail itself and never changes it");
		}
	}
}
