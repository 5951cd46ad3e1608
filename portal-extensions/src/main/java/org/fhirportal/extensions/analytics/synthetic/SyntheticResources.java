package org.fhirportal.extensions.analytics.synthetic;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Task;

/**
 * The FHIR resources of a {@link SyntheticActivity}, as transaction Bundles of updates with the generator's ids
 * (client-assigned), to load into a server in order: {@link #directory} (organizations, practitioners, their
 * schedules), {@link #patients} (patients, caregivers, medication orders), {@link #activity} (lab reports,
 * messages, slots and appointments, refill requests, and the clinical courses' conditions, dispenses, lab values
 * and encounters). Portal-made resources conform to the IG's profiles:
 * patients' messages to PortalMessage, self-scheduled appointments declare PortalAppointment, refill requests are
 * PortalRefillRequests.
 */
public final class SyntheticResources {

	private static final String PORTAL = "http://fhirportal.org/fhir";
	private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

	private SyntheticResources() {}

	public static Bundle directory(SyntheticActivity activity) {
		List<Resource> resources = new ArrayList<>();
		activity.organizations().forEach(ref -> resources.add(new Organization().setName("Synthetic practice " + ref).setId(ref)));
		for (String ref : activity.practitioners()) {
			Practitioner practitioner = new Practitioner();
			practitioner.addName().setFamily("Synthetic").addGiven(ref.substring(ref.indexOf('/') + 1));
			resources.add(practitioner.setId(ref));
			Schedule schedule = new Schedule().addActor(new Reference(ref));
			resources.add(schedule.setId("Schedule/" + ref.substring(ref.indexOf('/') + 1)));
		}
		return transaction(resources);
	}

	public static Bundle patients(SyntheticActivity activity) {
		List<Resource> resources = new ArrayList<>();
		for (SyntheticActivity.Patient p : activity.patients()) {
			Patient patient = new Patient().setGender(AdministrativeGender.fromCode(p.gender()))
					.setManagingOrganization(new Reference(p.organization()));
			patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(p.birthDate().toString()));
			patient.addName().setFamily("Synthetic").addGiven(p.id());
			p.practitioner().ifPresent(gp -> patient.addGeneralPractitioner(new Reference(gp)));
			resources.add(patient.setId("Patient/" + p.id()));
			MedicationRequest order = new MedicationRequest().setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
					.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
					.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "860975", "metformin 500 MG")))
					.setSubject(new Reference("Patient/" + p.id()));
			resources.add(order.setId(medicationRequest(p.id())));
		}
		for (SyntheticActivity.Caregiver caregiver : activity.caregivers()) {
			resources.add(new RelatedPerson(new Reference("Patient/" + caregiver.patientId())).setId(caregiver.ref()));
		}
		return transaction(resources);
	}

	public static Bundle activity(SyntheticActivity activity) {
		List<Resource> resources = new ArrayList<>();
		Map<String, String> careTeams = careTeams(activity);
		for (SyntheticActivity.Lab lab : activity.labs()) {
			DiagnosticReport report = new DiagnosticReport().setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL)
					.setCode(new CodeableConcept(new Coding("http://loinc.org", "51990-0", "Basic metabolic panel - Blood")))
					.setSubject(new Reference("Patient/" + lab.patientId()));
			report.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")));
			report.setIssued(Date.from(lab.issued()));
			resources.add(report.setId(lab.ref()));
		}
		for (SyntheticActivity.Message m : activity.messages()) {
			Reference patient = new Reference("Patient/" + m.patientId());
			Reference careTeam = new Reference(careTeams.get(m.patientId()));
			Communication message = new Communication().setStatus(Communication.CommunicationStatus.COMPLETED)
					.setSubject(patient).setSender(m.fromPatient() ? patient : careTeam);
			message.addRecipient(m.fromPatient() ? careTeam : patient);
			message.setSentElement(dateTime(m.sent()));
			message.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(m.fromPatient() ? "A question" : "An answer"));
			m.inResponseTo().ifPresent(ref -> message.addInResponseTo(new Reference(ref)));
			resources.add(message.setId(m.ref()));
		}
		for (SyntheticActivity.Appointment a : activity.appointments()) {
			Appointment appointment = new Appointment().setStatus(Appointment.AppointmentStatus.fromCode(a.status()));
			Instant start = a.start();
			appointment.setStart(Date.from(start)).setEnd(Date.from(start.plus(Duration.ofMinutes(20))));
			appointment.setCreatedElement(dateTime(a.created()));
			appointment.addParticipant().setActor(new Reference("Patient/" + a.patientId()))
					.setStatus(Appointment.ParticipationStatus.ACCEPTED);
			String gp = careTeams.get(a.patientId());
			appointment.addParticipant().setActor(new Reference(gp)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
			if (a.selfScheduled()) {
				String slotId = "Slot/" + a.ref().substring(a.ref().indexOf('/') + 1);
				Slot slot = new Slot().setSchedule(new Reference("Schedule/" + gp.substring(gp.indexOf('/') + 1)))
						.setStatus(Slot.SlotStatus.BUSY).setStart(appointment.getStart()).setEnd(appointment.getEnd());
				resources.add(slot.setId(slotId));
				appointment.addSlot(new Reference(slotId));
				appointment.getMeta().addProfile(PORTAL + "/StructureDefinition/portal-appointment");
			}
			resources.add(appointment.setId(a.ref()));
		}
		// as in a real portal, at most one request per prescription is still open (the newest); earlier ones were filled
		java.util.Map<String, SyntheticActivity.Refill> newest = new java.util.HashMap<>();
		for (SyntheticActivity.Refill r : activity.refills()) {
			newest.merge(r.medicationRequest(), r, (a, b) -> a.authored().compareTo(b.authored()) >= 0 ? a : b);
		}
		for (SyntheticActivity.Refill r : activity.refills()) {
			Task.TaskStatus status = newest.get(r.medicationRequest()) == r ? Task.TaskStatus.REQUESTED : Task.TaskStatus.COMPLETED;
			Task task = new Task().setStatus(status).setIntent(Task.TaskIntent.ORDER)
					.setCode(new CodeableConcept(new Coding(PORTAL + "/CodeSystem/portal-task-codes", "refill-request", "Medication refill request")))
					.setFocus(new Reference(r.medicationRequest())).setFor(new Reference("Patient/" + r.patientId()))
					.setRequester(new Reference("Patient/" + r.patientId())).setOwner(new Reference(careTeams.get(r.patientId())));
			task.setAuthoredOnElement(dateTime(r.authored()));
			resources.add(task.setId(r.ref()));
		}
		SyntheticClinicalResources.addTo(resources, activity.clinical());
		return transaction(resources);
	}

	private static String medicationRequest(String patientId) {
		return "MedicationRequest/" + patientId.replaceFirst("-p(\\d+)$", "-mr$1");
	}

	/** Each patient's general practitioner (or the first practitioner), who answers their messages. */
	private static Map<String, String> careTeams(SyntheticActivity activity) {
		return activity.patients().stream().collect(Collectors.toMap(SyntheticActivity.Patient::id,
				p -> p.practitioner().orElse(activity.practitioners().get(0))));
	}

	private static DateTimeType dateTime(Instant instant) {
		return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.MILLI, UTC);
	}

	private static Bundle transaction(List<Resource> resources) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Resource resource : resources) {
			String ref = resource.getIdElement().getValue();
			resource.setId(ref.substring(ref.indexOf('/') + 1));
			bundle.addEntry().setResource(resource).getRequest()
					.setMethod(Bundle.HTTPVerb.PUT).setUrl(ref);
		}
		return bundle;
	}
}
