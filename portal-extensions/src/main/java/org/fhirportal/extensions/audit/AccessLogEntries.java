package org.fhirportal.extensions.audit;

import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * A read of the patient's record as the patient sees it in their access log: when, who (a display name and a
 * role in plain words), through which app (its registered name) and which kinds of data. Leaves out what only
 * auditors need: network addresses, token ids, the query, the staff systems' internal references.
 */
final class AccessLogEntries {

	private static final Map<String, String> KINDS_OF_DATA = Map.ofEntries(
			Map.entry("Patient", "personal details"),
			Map.entry("Observation", "test results and measurements"),
			Map.entry("DiagnosticReport", "reports"),
			Map.entry("Condition", "conditions"),
			Map.entry("MedicationRequest", "medications"),
			Map.entry("MedicationStatement", "medications"),
			Map.entry("AllergyIntolerance", "allergies"),
			Map.entry("Immunization", "immunizations"),
			Map.entry("Procedure", "procedures"),
			Map.entry("Encounter", "visits"),
			Map.entry("Appointment", "appointments"),
			Map.entry("DocumentReference", "documents"),
			Map.entry("Communication", "messages"),
			Map.entry("CarePlan", "care plans"),
			Map.entry("Coverage", "insurance"),
			Map.entry("AuditEvent", "access log"),
			Map.entry("Task", "to-dos"),
			Map.entry("QuestionnaireResponse", "questionnaires"),
			Map.entry("ServiceRequest", "orders and referrals"),
			Map.entry("Binary", "documents"),
			Map.entry("Media", "documents"),
			Map.entry("FamilyMemberHistory", "family history"),
			Map.entry("RelatedPerson", "caregivers"));

	/** A kind of data the list above does not name: said in words, never as a FHIR type or id. */
	private static final String OTHER_DATA = "other details";

	private final Function<String, String> appNames;
	private final Function<String, Optional<String>> displayNames;

	/**
	 * @param appNames the registered name of an OAuth client, by client id
	 * @param displayNames the display name of a portal account's person, by username
	 */
	AccessLogEntries(Function<String, String> appNames, Function<String, Optional<String>> displayNames) {
		this.appNames = appNames;
		this.displayNames = displayNames;
	}

	/**
	 * The patient's view of their records, for one answer: each person's display name is looked up once per answer,
	 * not once per row.
	 */
	Function<StoredAuditRecord, AuditEvent> forPatient(String patientId) {
		Map<String, Optional<String>> names = new HashMap<>();
		return stored -> toAuditEvent(stored, patientId, username -> names.computeIfAbsent(username, displayNames));
	}

	AuditEvent toAuditEvent(StoredAuditRecord stored, String patientId) {
		return toAuditEvent(stored, patientId, displayNames);
	}

	private AuditEvent toAuditEvent(StoredAuditRecord stored, String patientId, Function<String, Optional<String>> names) {
		AuditRecord record = stored.record();
		AuditEvent event = new AuditEvent();
		event.setId(String.valueOf(stored.id()));
		event.setRecorded(Date.from(record.recorded()));
		event.getType().setSystem("http://terminology.hl7.org/CodeSystem/audit-event-type").setCode("rest").setDisplay("RESTful Operation");
		String interaction = record.subtype().startsWith("$") ? "operation" : record.subtype();
		event.addSubtype().setSystem("http://hl7.org/fhir/restful-interaction").setCode(interaction).setDisplay(interaction);
		event.setAction(AuditEvent.AuditEventAction.fromCode(String.valueOf(record.action())));
		event.setOutcome(AuditEvent.AuditEventOutcome._0);
		event.getSource().setObserver(new Reference().setDisplay("FHIR Portal Server"));

		AuditEventAgentComponent who = event.addAgent();
		who.getType().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"));
		who.setWho(new Reference().setDisplay(who(record, patientId, names)));
		who.setRequestor(true);

		AuditEventAgentComponent app = event.addAgent();
		app.getType().addCoding(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110153", "Source Role ID"));
		app.setWho(new Reference().setDisplay(record.clientId().map(appNames).orElse("an unknown app")));
		app.setRequestor(false);

		AuditEvent.AuditEventEntityComponent patient = event.addEntity();
		patient.getRole().setSystem("http://terminology.hl7.org/CodeSystem/object-role").setCode("1").setDisplay("Patient");
		patient.setWhat(new Reference("Patient/" + patientId));
		for (String kind : kindsOfData(record)) {
			AuditEvent.AuditEventEntityComponent data = event.addEntity();
			data.getType().setSystem("http://terminology.hl7.org/CodeSystem/audit-entity-type").setCode("2").setDisplay("System Object");
			data.setName(kind);
		}
		return event;
	}

	private static String who(AuditRecord record, String patientId, Function<String, Optional<String>> names) {
		String type = record.userType().orElse("");
		if ("Patient".equals(type) && record.userId().filter(patientId::equals).isPresent()) {
			return "You";
		}
		String role = switch (type) {
			case "Practitioner", "PractitionerRole" -> "clinician";
			case "RelatedPerson" -> "caregiver";
			case "Patient" -> "patient";
			default -> "";
		};
		if (record.username().isEmpty()) {
			return role.isEmpty() ? "A connected system" : "A " + role;
		}
		String person = names.apply(record.username().get()).orElse(record.username().get());
		return role.isEmpty() ? person : person + " (" + role + ")";
	}

	private static Set<String> kindsOfData(AuditRecord record) {
		Set<String> kinds = new LinkedHashSet<>();
		record.returned().forEach(reference -> {
			// records made before references were typed hold a bare id ("4491"): reads of the access log itself
			String type = reference.contains("/") ? reference.substring(0, reference.indexOf('/')) : "AuditEvent";
			kinds.add(KINDS_OF_DATA.getOrDefault(type, OTHER_DATA));
		});
		return kinds;
	}
}
