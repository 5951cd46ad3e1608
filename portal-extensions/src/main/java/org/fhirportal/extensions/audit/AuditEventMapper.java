package org.fhirportal.extensions.audit;

import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Builds the AuditEvent of a stored record, shaped after IHE BALP with the codes of HAPI's
 * {@link BalpProfileEnum} and {@link BalpConstants}: reads and searches as the IG's {@code PortalReadAudit}
 * (BALP PatientRead / PatientQuery plus the returned-resources extension), sign-ins as {@code PortalSignInAudit},
 * other authorization server events and writes as plain BALP-shaped AuditEvents without a profile claim.
 */
final class AuditEventMapper {

	static final String CANONICAL = "http://fhirportal.org/fhir";
	static final String READ_AUDIT_PROFILE = CANONICAL + "/StructureDefinition/portal-read-audit";
	static final String SIGN_IN_AUDIT_PROFILE = CANONICAL + "/StructureDefinition/portal-sign-in-audit";
	static final String RETURNED_RESOURCES = CANONICAL + "/StructureDefinition/returned-resources";
	static final String CLIENT_ID_SYSTEM = CANONICAL + "/sid/smart-client-id";
	static final String USERNAME_SYSTEM = CANONICAL + "/sid/username";
	static final String SERVER_SYSTEM = CANONICAL + "/sid/server";
	static final String SECURITY_EVENT_SYSTEM = CANONICAL + "/CodeSystem/security-event";
	static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

	/** Security event types recorded as a DICOM "Login" (PortalSignInAudit). */
	static final Set<String> SIGN_IN_SUBTYPES = Set.of("sign_in", "mfa", "lockout");

	private static final Set<String> READ_INTERACTIONS = Set.of(
			"read", "vread", "history-instance", "history-type", "history-system", "search-type", "search-system");

	AuditEvent toAuditEvent(StoredAuditRecord stored) {
		AuditRecord record = stored.record();
		AuditEvent event = "security".equals(record.kind()) ? security(record) : rest(record);
		event.setId(String.valueOf(stored.id()));
		event.setRecorded(Date.from(record.recorded()));
		event.setOutcome(outcome(record.outcome()));
		if (record.outcome() != 0) {
			record.detail().ifPresent(event::setOutcomeDesc);
		}
		event.getSource().setObserver(server());
		return event;
	}

	private AuditEvent rest(AuditRecord record) {
		AuditEvent event = new AuditEvent();
		boolean operation = record.subtype().startsWith("$");
		boolean readAudit = READ_INTERACTIONS.contains(record.subtype()) || (operation && !"export".equals(record.kind()));
		BalpProfileEnum balp = balp(record);
		if (readAudit) {
			event.getMeta().addProfile(READ_AUDIT_PROFILE);
			record.returned().forEach(reference -> event.addExtension(RETURNED_RESOURCES, new Reference(reference)));
		}
		event.getType().setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE).setCode("rest").setDisplay("RESTful Operation");
		String interaction = operation ? "operation" : record.subtype();
		event.addSubtype().setSystem(BalpConstants.CS_RESTFUL_INTERACTION).setCode(interaction).setDisplay(interaction);
		event.setAction(AuditEvent.AuditEventAction.fromCode(String.valueOf(record.action())));

		AuditEventAgentComponent client = event.addAgent();
		client.getType().addCoding(new Coding(DCM, "110153", "Source Role ID"));
		client.setWho(new Reference().setIdentifier(new Identifier().setSystem(CLIENT_ID_SYSTEM).setValue(record.clientId().orElse("unknown"))));
		client.setRequestor(false);
		record.sourceAddress().ifPresent(address -> client.getNetwork().setAddress(address)
				.setType(BalpConstants.AUDIT_EVENT_AGENT_NETWORK_TYPE_IP_ADDRESS));

		AuditEventAgentComponent server = event.addAgent();
		server.getType().addCoding(balp.getAgentServerTypeCoding());
		server.setWho(server());
		server.setRequestor(false);

		if (record.userType().isPresent() && record.userId().isPresent()) {
			AuditEventAgentComponent user = event.addAgent();
			user.getType().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"));
			user.setWho(new Reference(record.userType().get() + "/" + record.userId().get()));
			record.username().ifPresent(user.getWho()::setDisplay);
			user.setRequestor(true);
			record.tokenJti().ifPresent(jti -> user.addPolicy(jti));
		}

		record.patientId().ifPresent(patient -> {
			AuditEventEntityComponent entity = event.addEntity();
			entity.getType().setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE).setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON)
					.setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON_DISPLAY);
			entity.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE).setCode(BalpConstants.CS_OBJECT_ROLE_1_PATIENT)
					.setDisplay(BalpConstants.CS_OBJECT_ROLE_1_PATIENT_DISPLAY);
			entity.setWhat(new Reference("Patient/" + patient));
		});
		dataReference(record).ifPresent(reference -> {
			AuditEventEntityComponent entity = event.addEntity();
			entity.getType().setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE).setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT)
					.setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY);
			entity.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE).setCode(BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE)
					.setDisplay(BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE_DISPLAY);
			entity.setWhat(new Reference(reference));
		});
		if (record.action() == 'E' && record.query().isPresent()) {
			AuditEventEntityComponent entity = event.addEntity();
			entity.getType().setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE).setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT)
					.setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY);
			entity.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE).setCode(BalpConstants.CS_OBJECT_ROLE_24_QUERY).setDisplay("Query");
			entity.setQuery(record.query().get().getBytes(StandardCharsets.UTF_8));
			entity.setDescription(record.query().get());
		}
		return event;
	}

	private AuditEvent security(AuditRecord record) {
		AuditEvent event = new AuditEvent();
		boolean signIn = SIGN_IN_SUBTYPES.contains(record.subtype());
		event.getType().setSystem(DCM).setCode("110114").setDisplay("User Authentication");
		if (signIn) {
			event.getMeta().addProfile(SIGN_IN_AUDIT_PROFILE);
			event.addSubtype().setSystem(DCM).setCode("110122").setDisplay("Login");
		} else {
			event.addSubtype().setSystem(SECURITY_EVENT_SYSTEM).setCode(record.subtype());
		}
		event.setAction(AuditEvent.AuditEventAction.E);

		AuditEventAgentComponent user = event.addAgent();
		user.getType().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user"));
		if (record.userType().isPresent() && record.userId().isPresent()) {
			user.setWho(new Reference(record.userType().get() + "/" + record.userId().get()));
		} else if (record.username().isPresent()) {
			user.setWho(new Reference().setIdentifier(new Identifier().setSystem(USERNAME_SYSTEM).setValue(record.username().get())));
		}
		record.username().ifPresent(user::setName);
		user.setRequestor(true);
		record.sourceAddress().ifPresent(address -> user.getNetwork().setAddress(address)
				.setType(BalpConstants.AUDIT_EVENT_AGENT_NETWORK_TYPE_IP_ADDRESS));
		if (!signIn && record.detail().isPresent() && record.outcome() == 0) {
			event.setOutcomeDesc(record.detail().get());
		}
		record.clientId().ifPresent(clientId -> {
			AuditEventAgentComponent client = event.addAgent();
			client.getType().addCoding(new Coding(DCM, "110150", "Application"));
			client.setWho(new Reference().setIdentifier(new Identifier().setSystem(CLIENT_ID_SYSTEM).setValue(clientId)));
			client.setRequestor(false);
		});
		return event;
	}

	/** The resource a read, vread, instance history or instance operation named. */
	static Optional<String> dataReference(AuditRecord record) {
		if (record.query().isEmpty()) {
			return Optional.empty();
		}
		String path = record.query().get();
		path = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
		String[] parts = path.split("/");
		if (parts.length < 2 || parts[0].isEmpty() || parts[1].startsWith("$") || parts[1].startsWith("_")
				|| !Character.isUpperCase(parts[0].charAt(0))) {
			return Optional.empty();
		}
		if (parts.length >= 4 && "_history".equals(parts[2]) && "vread".equals(record.subtype())) {
			return Optional.of(parts[0] + "/" + parts[1] + "/_history/" + parts[3]);
		}
		return Optional.of(parts[0] + "/" + parts[1]);
	}

	private static BalpProfileEnum balp(AuditRecord record) {
		boolean patient = record.patientId().isPresent();
		return switch (record.action()) {
			case 'C' -> patient ? BalpProfileEnum.PATIENT_CREATE : BalpProfileEnum.BASIC_CREATE;
			case 'U' -> patient ? BalpProfileEnum.PATIENT_UPDATE : BalpProfileEnum.BASIC_UPDATE;
			case 'R' -> patient ? BalpProfileEnum.PATIENT_READ : BalpProfileEnum.BASIC_READ;
			default -> patient ? BalpProfileEnum.PATIENT_QUERY : BalpProfileEnum.BASIC_QUERY;
		};
	}

	private static Reference server() {
		return new Reference().setIdentifier(new Identifier().setSystem(SERVER_SYSTEM).setValue("fhir-portal-server"))
				.setDisplay("FHIR Portal Server");
	}

	private static AuditEvent.AuditEventOutcome outcome(int outcome) {
		return switch (outcome) {
			case 0 -> AuditEvent.AuditEventOutcome._0;
			case 4 -> AuditEvent.AuditEventOutcome._4;
			case 8 -> AuditEvent.AuditEventOutcome._8;
			default -> AuditEvent.AuditEventOutcome._12;
		};
	}
}
