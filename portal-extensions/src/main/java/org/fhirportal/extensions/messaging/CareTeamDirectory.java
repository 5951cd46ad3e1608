package org.fhirportal.extensions.messaging;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * Who a patient may write to: the Practitioners, PractitionerRoles, CareTeams and Organizations the record relates
 * the patient to, namely the patient's general practitioners and managing organization, the patient's CareTeams
 * and their members, and the practitioners and providers of the patient's encounters and appointments.
 */
final class CareTeamDirectory {

	private final DaoRegistry daos;

	CareTeamDirectory(DaoRegistry daos) {
		this.daos = Objects.requireNonNull(daos, "daos");
	}

	/** Relative references ({@code Practitioner/9}) of the patient's care team in the wide sense above. */
	Set<String> relatedTo(String patientId) {
		Set<String> related = new HashSet<>();
		Patient patient = (Patient) daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId), new SystemRequestDetails());
		patient.getGeneralPractitioner().forEach(ref -> add(related, ref));
		add(related, patient.getManagingOrganization());
		for (IBaseResource found : search("CareTeam", CareTeam.SP_SUBJECT, patientId)) {
			CareTeam team = (CareTeam) found;
			related.add("CareTeam/" + team.getIdElement().getIdPart());
			team.getParticipant().forEach(p -> add(related, p.getMember()));
			team.getManagingOrganization().forEach(ref -> add(related, ref));
		}
		for (IBaseResource found : search("Encounter", Encounter.SP_SUBJECT, patientId)) {
			Encounter encounter = (Encounter) found;
			encounter.getParticipant().forEach(p -> add(related, p.getIndividual()));
			add(related, encounter.getServiceProvider());
		}
		for (IBaseResource found : search("Appointment", Appointment.SP_ACTOR, patientId)) {
			((Appointment) found).getParticipant().forEach(p -> add(related, p.getActor()));
		}
		related.remove("Patient/" + patientId);
		return related;
	}

	private Iterable<IBaseResource> search(String type, String parameter, String patientId) {
		SearchParameterMap map = SearchParameterMap.newSynchronous(parameter, new ReferenceParam("Patient/" + patientId));
		return daos.getResourceDao(type).search(map, new SystemRequestDetails()).getAllResources();
	}

	private static void add(Set<String> related, Reference reference) {
		IdType id = new IdType(reference.getReference());
		if (id.hasResourceType() && id.hasIdPart()
				&& Set.of("Practitioner", "PractitionerRole", "CareTeam", "Organization").contains(id.getResourceType())) {
			related.add(id.getResourceType() + "/" + id.getIdPart());
		}
	}
}
