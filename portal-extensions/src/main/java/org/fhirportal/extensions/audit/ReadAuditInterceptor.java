package org.fhirportal.extensions.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits every FHIR response durably before it is sent: at {@link Pointcut#SERVER_OUTGOING_RESPONSE} (after
 * access control has checked the response, before the body is written) the request thread hands the response's
 * records to the {@link AuditStore} and waits for their commit; if the store cannot commit, the response is
 * replaced by a 503 (fail-closed). Refused and failed requests ({@link Pointcut#SERVER_HANDLE_EXCEPTION}) are
 * recorded with their outcome.
 *
 * <p>Departs from HAPI's {@code BalpAuditCaptureInterceptor}, whose AuditEvent shapes {@link AuditEventMapper}
 * follows: that interceptor captures at {@code STORAGE_PRESHOW_RESOURCES} and hands AuditEvents to a
 * fire-and-forget sink, so a response may leave before (or without) its record, denials and failures are not
 * recorded, and operations, history, batches and GraphQL are not covered. Here the capture point is the outgoing
 * response, which every data-returning interaction passes, and the full AuditEvent is only built when read back.
 */
@Interceptor
public final class ReadAuditInterceptor {

	/** After access control's response check (order 0), before the response highlighter (10000) writes HTML. */
	static final int ORDER = 5000;

	private static final Logger log = LoggerFactory.getLogger(ReadAuditInterceptor.class);
	private static final String REFUSED_BY_AUDIT = ReadAuditInterceptor.class.getName() + ".refused";

	private final AuditStore store;
	private final AuditRecordFactory records;

	ReadAuditInterceptor(AuditStore store, AuditRecordFactory records) {
		this.store = Objects.requireNonNull(store, "store");
		this.records = Objects.requireNonNull(records, "records");
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = ORDER)
	public void outgoingResponse(RequestDetails request, ResponseDetails response) {
		handleResponse(request, response);
	}

	/** GraphQL answers are strings, not resources: recorded as an operation with its query, before they are sent. */
	@Hook(value = Pointcut.SERVER_OUTGOING_GRAPHQL_RESPONSE, order = ORDER)
	public void outgoingGraphQlResponse(RequestDetails request) {
		handleResponse(request, new ResponseDetails(200, null));
	}

	@Hook(value = Pointcut.SERVER_HANDLE_EXCEPTION, order = ORDER)
	public boolean handleException(RequestDetails request, BaseServerResponseException exception) {
		handleFailure(request, exception);
		return true;
	}

	private void handleResponse(RequestDetails request, ResponseDetails response) {
		if (request.isSubRequest()) {
			return; // the enclosing batch's response is audited entry by entry
		}
		List<AuditRecord> audit = records.forResponse(request, response.getResponseResource(), response.getResponseCode());
		try {
			store.appendAndWait(audit);
		} catch (AuditStoreUnavailableException e) {
			request.getUserData().put(REFUSED_BY_AUDIT, Boolean.TRUE);
			log.error("Refusing a {} response: its audit record cannot be stored", request.getRestOperationType(), e);
			throw new UnclassifiedServerFailureException(503,
					"The server cannot record this access in its audit trail right now, so it does not answer; try again later");
		}
	}

	private void handleFailure(RequestDetails request, BaseServerResponseException exception) {
		if (request.isSubRequest() || request.getUserData().containsKey(REFUSED_BY_AUDIT)) {
			return;
		}
		String reason = exception.getMessage();
		try {
			store.appendAndWait(List.of(records.forFailure(request, exception.getStatusCode(), reason == null ? "" : reason)));
		} catch (AuditStoreUnavailableException e) {
			log.error("Could not audit a refused request ({}): {}", exception.getStatusCode(), e.getMessage());
		}
	}
}
