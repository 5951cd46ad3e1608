package org.fhirportal.extensions.audit;

/** The audit store could not commit a record in time: the audited response must not be sent. */
public class AuditStoreUnavailableException extends RuntimeException {

	public AuditStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
