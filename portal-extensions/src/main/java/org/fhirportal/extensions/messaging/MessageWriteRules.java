package org.fhirportal.extensions.messaging;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.extensions.workflow.Caller;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;

/**
 * The server-side rules of secure messages (Communication) written over the FHIR API.
 * <ul>
 *   <li>A patient writes only as themselves, about their own record, to their care team ({@link CareTeamDirectory}),
 *       in answer only to messages of their own record, and never changes a message once sent.</li>
 *   <li>Every attachment, inline or a {@code Binary/[id]} reference, has an allowed content type, is at most the
 *       configured size ({@link MessagingProperties}) and holds what its content type says ({@link AttachmentSignatures}).</li>
 *   <li>A new message gets its {@code sent} time if it has none, and the {@link ReadReceipts#UNREAD} tag until a
 *       recipient reads it, so that unread messages can be counted with {@code _tag}.</li>
 * </ul>
 * Staff (practitioner users, backend clients) write and reply within their scopes, with the attachment rules.
 */
@Interceptor
public final class MessageWriteRules {

	private static final Set<String> PATIENT_SIDE_RECIPIENT_TYPES = Set.of("Practitioner", "PractitionerRole", "CareTeam", "Organization");

	private final DaoRegistry daos;
	private final CareTeamDirectory careTeams;
	private final MessagingProperties properties;

	MessageWriteRules(DaoRegistry daos, CareTeamDirectory careTeams, MessagingProperties properties) {
		this.daos = Objects.requireNonNull(daos, "daos");
		this.careTeams = Objects.requireNonNull(careTeams, "careTeams");
		this.properties = Objects.requireNonNull(properties, "properties");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void resourceCreated(RequestDetails request, IBaseResource resource) {
		if (resource instanceof Communication message) {
			handleNewMessage(message);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void resourceUpdated(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
		if (newResource instanceof Communication message) {
			handleChangedMessage(message);
		}
	}

	private void handleNewMessage(Communication message) {
		Caller.currentAccess().map(Caller::new).filter(Caller::isPatientSide)
				.ifPresent(patient -> checkPatientMessage(patient.patientId().orElseThrow(), message));
		checkAttachments(message);
		if (!message.hasSent() && message.getStatus() == Communication.CommunicationStatus.COMPLETED) {
			message.setSent(new Date());
		}
		if (!message.hasReceived()) {
			message.getMeta().addTag(ReadReceipts.UNREAD);
		}
	}

	private void handleChangedMessage(Communication message) {
		if (Caller.currentAccess().map(Caller::new).filter(Caller::isPatientSide).isPresent()) {
			throw new ForbiddenOperationException("A sent message cannot be changed by the patient; write a new one (inResponseTo) instead");
		}
		checkAttachments(message);
	}

	private void checkPatientMessage(String patientId, Communication message) {
		String self = "Patient/" + patientId;
		if (!self.equals(relative(message.getSender()))) {
			throw unprocessable("Communication.sender", "a patient sends messages as themselves (" + self + ")");
		}
		if (!self.equals(relative(message.getSubject()))) {
			throw unprocessable("Communication.subject", "a patient's message is about their own record (" + self + ")");
		}
		if (!message.hasRecipient()) {
			throw unprocessable("Communication.recipient", "a message needs at least one recipient");
		}
		Set<String> careTeam = careTeams.relatedTo(patientId);
		for (int i = 0; i < message.getRecipient().size(); i++) {
			String recipient = relative(message.getRecipient().get(i));
			String type = recipient == null ? null : new IdType(recipient).getResourceType();
			if (!PATIENT_SIDE_RECIPIENT_TYPES.contains(type) || !careTeam.contains(recipient)) {
				throw unprocessable("Communication.recipient[" + i + "]",
						"a patient writes to Practitioners, CareTeams or Organizations of their own care team; " + recipient + " is not one of them");
			}
		}
		for (int i = 0; i < message.getInResponseTo().size(); i++) {
			String answered = relative(message.getInResponseTo().get(i));
			if (answered == null || !answered.startsWith("Communication/") || !self.equals(subjectOf(answered))) {
				throw unprocessable("Communication.inResponseTo[" + i + "]", "a patient answers only messages of their own record");
			}
		}
	}

	private String subjectOf(String messageReference) {
		try {
			Communication answered = (Communication) daos.getResourceDao(Communication.class).read(new IdType(messageReference), new SystemRequestDetails());
			return relative(answered.getSubject());
		} catch (ResourceNotFoundException | ResourceGoneException missing) {
			return null;
		}
	}

	private void checkAttachments(Communication message) {
		for (int i = 0; i < message.getPayload().size(); i++) {
			if (message.getPayload().get(i).getContent() instanceof Attachment attachment) {
				checkAttachment(attachment, "Communication.payload[" + i + "].contentAttachment");
			}
		}
	}

	private void checkAttachment(Attachment attachment, String path) {
		String contentType = attachment.hasContentType() ? attachment.getContentType() : null;
		long size;
		byte[] content;
		String contentPath = path + ".data";
		if (attachment.hasData()) {
			content = attachment.getData();
			size = content.length;
		} else if (attachment.hasUrl()) {
			Binary binary = binary(attachment.getUrl(), path);
			if (contentType == null) {
				contentType = binary.getContentType();
			} else if (binary.hasContentType() && !sameType(contentType, binary.getContentType())) {
				throw unprocessable(path + ".contentType", "says " + contentType + " but the Binary holds " + binary.getContentType());
			}
			content = binary.hasData() ? binary.getData() : null;
			size = content != null ? content.length : attachment.getSize();
			contentPath = path + ".url";
		} else {
			throw unprocessable(path, "an attachment carries data inline or a url to a Binary of this server");
		}
		if (contentType == null || !properties.allowedContentTypes().contains(baseType(contentType))) {
			throw unprocessable(path + ".contentType", "content type " + contentType + " is not accepted; allowed: "
					+ String.join(", ", properties.allowedContentTypes()));
		}
		if (size > properties.maxAttachmentSize().toBytes()) {
			throw unprocessable(path, "the attachment has " + size + " bytes, more than the " + properties.maxAttachmentSize().toBytes() + " allowed");
		}
		Optional<String> wrongContent = content == null ? Optional.empty() : AttachmentSignatures.mismatch(baseType(contentType), content);
		if (wrongContent.isPresent()) {
			throw unprocessable(contentPath, wrongContent.get());
		}
	}

	private Binary binary(String url, String path) {
		IdType id = new IdType(url);
		if (!"Binary".equals(id.getResourceType()) || !id.hasIdPart() || (id.hasBaseUrl() && !url.contains("/fhir/"))) {
			throw unprocessable(path + ".url", "an attachment url names a Binary of this server (Binary/[id]), got " + url);
		}
		try {
			return (Binary) daos.getResourceDao(Binary.class).read(new IdType("Binary", id.getIdPart()), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException missing) {
			throw unprocessable(path + ".url", url + " does not exist");
		}
	}

	private static boolean sameType(String a, String b) {
		return baseType(a).equals(baseType(b));
	}

	private static String baseType(String contentType) {
		int semicolon = contentType.indexOf(';');
		return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
	}

	private static String relative(Reference reference) {
		if (reference == null || !reference.hasReference()) {
			return null;
		}
		IdType id = new IdType(reference.getReference());
		return id.hasResourceType() && id.hasIdPart() ? id.getResourceType() + "/" + id.getIdPart() : null;
	}

	private static UnprocessableEntityException unprocessable(String expression, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.BUSINESSRULE)
				.setDiagnostics(expression + ": " + message).addExpression(expression);
		return new UnprocessableEntityException(expression + ": " + message, outcome);
	}
}
