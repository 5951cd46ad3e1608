package org.fhirportal.extensions.messaging;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.workflow.Caller;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read receipts: when a recipient reads a message ({@code GET Communication/[id]}) that has not been received yet,
 * the server records {@code Communication.received} and removes the {@link #UNREAD} tag, in a new version of the
 * message; the reader gets the message as recorded. The recipient is the patient of a patient-side token, or the
 * user (e.g. {@code Practitioner/9}) of a staff token; searches do not count as reading. The receipt's new version
 * is not matched against subscriptions ({@link SilentWrites}), so subscribers are not notified of the message twice.
 */
@Interceptor
public final class ReadReceipts {

	/** The tag of messages not yet read by a recipient: {@code _tag=<system>|unread} counts them. */
	public static final Coding UNREAD = new Coding(PortalIg.CANONICAL + "/CodeSystem/portal-message-status", "unread", "Unread");

	private static final Logger log = LoggerFactory.getLogger(ReadReceipts.class);

	private final DaoRegistry daos;
	private final Clock clock;

	ReadReceipts(DaoRegistry daos, Clock clock) {
		this.daos = Objects.requireNonNull(daos, "daos");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean outgoingResponse(RequestDetails request, ResponseDetails response) {
		if (request.getRestOperationType() == RestOperationTypeEnum.READ && response.getResponseResource() instanceof Communication message) {
			handleRead(message);
		}
		return true;
	}

	private void handleRead(Communication message) {
		if (message.hasReceived()) {
			return;
		}
		Optional<Caller> caller = Caller.currentAccess().map(Caller::new);
		Optional<String> reader = caller.filter(c -> c.may("Communication", Permission.READ)).flatMap(ReadReceipts::readerOf);
		if (reader.isEmpty() || message.getRecipient().stream().noneMatch(r -> reader.get().equals(r.getReferenceElement().toUnqualifiedVersionless().getValue()))) {
			return;
		}
		IFhirResourceDao<Communication> dao = daos.getResourceDao(Communication.class);
		try {
			Communication current = dao.read(message.getIdElement().toUnqualifiedVersionless(), new SystemRequestDetails());
			if (current.hasReceived()) {
				message.setReceivedElement(current.getReceivedElement());
			} else {
				current.setReceived(Date.from(clock.instant()));
				current.setId(current.getIdElement().toUnqualified());
				dao.update(current, SilentWrites.request()); // not notified again to subscribers
				message.setReceivedElement(current.getReceivedElement());
			}
			Meta unread = new Meta();
			unread.addTag(UNREAD.copy());
			dao.metaDeleteOperation(message.getIdElement().toUnqualifiedVersionless(), unread, new SystemRequestDetails());
			message.getMeta().getTag().removeIf(tag -> UNREAD.getSystem().equals(tag.getSystem()) && UNREAD.getCode().equals(tag.getCode()));
		} catch (ResourceVersionConflictException concurrentReader) {
			log.debug("Message {} was marked read by a concurrent reader", message.getIdElement().getIdPart());
		}
	}

	private static Optional<String> readerOf(Caller caller) {
		if (caller.isPatientSide()) {
			return caller.patientId().map(id -> "Patient/" + id);
		}
		return caller.userReference();
	}
}
