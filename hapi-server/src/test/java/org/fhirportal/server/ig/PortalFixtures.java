package org.fhirportal.server.ig;

import static org.fhirportal.server.support.TestResources.unique;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.fhirportal.ig.PortalIg;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/** Portal resources for the IG tests: the people and orders they refer to are created on the server. */
final class PortalFixtures {

	private final IGenericClient client;

	PortalFixtures(IGenericClient client) {
		this.client = client;
	}

	Reference patient() {
		return create(TestResources.patient(unique("Portal")));
	}

	Reference practitioner() {
		Practitioner practitioner = new Practitioner();
		practitioner.addName().setFamily(unique("Careful")).addPrefix("Dr");
		return create(practitioner);
	}

	Reference medicationRequest() {
		MedicationRequest order = new MedicationRequest()
				.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
				.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
				.setMedication(new CodeableConcept().setText("Metformin 500 mg extended release"))
				.setSubject(patient());
		return create(order);
	}

	Reference serverDevice() {
		Device server = new Device();
		server.addDeviceName().setName("FHIR Portal Server").setType(Device.DeviceNameType.USERFRIENDLYNAME);
		return create(server);
	}

	/** A conforming PortalMessage from the patient to a practitioner (the profile is not declared). */
	static Communication messageFromPatient(Reference patient, Reference practitioner, String text) {
		Communication message = new Communication().setStatus(Communication.CommunicationStatus.COMPLETED);
		message.setSubject(patient);
		message.setSender(patient);
		message.addRecipient(practitioner);
		message.setSent(new Date());
		message.getTopic().setText("A question");
		message.addPayload().setContent(new StringType(text));
		return message;
	}

	/** A conforming PortalRefillRequest (recognised by its code; the profile is not declared). */
	static Task refillRequest(Reference patient, Reference medicationRequest) {
		Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
		task.getCode().addCoding(new Coding(PortalIg.TASK_CODE_SYSTEM, PortalIg.REFILL_REQUEST_CODE, "Medication refill request"));
		task.setFocus(medicationRequest);
		task.setFor(patient);
		task.setAuthoredOn(new Date());
		task.setRequester(patient);
		return task;
	}

	/** A PortalReadAudit of a search by the patient that returned the given resources. */
	static AuditEvent searchAudit(Reference patient, Reference server, Reference... returned) {
		AuditEvent audit = new AuditEvent();
		audit.getMeta().addProfile(PortalIg.READ_AUDIT_PROFILE);
		for (Reference resource : returned) {
			audit.addExtension(PortalIg.RETURNED_RESOURCES_EXTENSION, resource);
		}
		audit.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
		audit.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", "search-type", "search-type"));
		audit.setAction(AuditEvent.AuditEventAction.E);
		audit.setRecorded(new Date());
		audit.setOutcome(AuditEvent.AuditEventOutcome._0);
		audit.getSource().setObserver(server);
		audit.addAgent()
				.setType(concept("http://dicom.nema.org/resources/ontology/DCM", "110153", "Source Role ID"))
				.setWho(new Reference().setIdentifier(new Identifier()
						.setSystem("http://fhirportal.org/fhir/sid/smart-client-id").setValue("test-app")))
				.setRequestor(false);
		audit.addAgent()
				.setType(concept("http://dicom.nema.org/resources/ontology/DCM", "110152", "Destination Role ID"))
				.setWho(server)
				.setRequestor(false);
		audit.addAgent()
				.setType(concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"))
				.setWho(patient)
				.setRequestor(true);
		audit.addEntity()
				.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"))
				.setWhat(patient);
		audit.addEntity()
				.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query"))
				.setQueryElement(new Base64BinaryType("Observation?patient=x".getBytes(StandardCharsets.UTF_8)));
		return audit;
	}

	private static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept(new Coding(system, code, display));
	}

	private Reference create(Resource resource) {
		IdType id = (IdType) client.create().resource(resource).execute().getId();
		return new Reference(id.toUnqualifiedVersionless().getValue());
	}
}
