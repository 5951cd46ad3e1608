package org.fhirportal.extensions.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;

/**
 * Care relationships found with HAPI searches on the server's own data: the practitioner is a patient's general
 * practitioner ({@code Patient?general-practitioner=}), a participant of a CareTeam for the patient that is not
 * inactive or in error ({@code CareTeam?participant=}), or a participant of one of the patient's encounters
 * ({@code Encounter?participant=}). Run as a system request, so it does not pass the FHIR endpoint's guard.
 */
public final class HapiCareRelationships implements CareRelationships {

	private static final int LIMIT = 5000;

	private final DaoRegistry daos;

	public HapiCareRelationships(DaoRegistry daos) {
		this.daos = Objects.requireNonNull(daos, "daos");
	}

	@Override
	public Set<String> patientIdsOf(String practitionerId) {
		String practitioner = "Practitioner/" + practitionerId;
		Set<String> patients = new TreeSet<>();
		search("Patient", "general-practitioner", practitioner).forEach(p -> patients.add(p.getIdElement().getIdPart()));
		for (IBaseResource resource : search("CareTeam", "participant", practitioner)) {
			CareTeam team = (CareTeam) resource;
			if (team.getStatus() != CareTeam.CareTeamStatus.INACTIVE && team.getStatus() != CareTeam.CareTeamStatus.ENTEREDINERROR) {
				addPatient(patients, team.getSubject());
			}
		}
		for (IBaseResource resource : search("Encounter", "participant", practitioner)) {
			addPatient(patients, ((Encounter) resource).getSubject());
		}
		return patients;
	}

	private List<IBaseResource> search(String type, String parameter, String reference) {
		SearchParameterMap map = SearchParameterMap.newSynchronous(parameter, new ReferenceParam(reference));
		map.setLoadSynchronousUpTo(LIMIT);
		return daos.getResourceDao(type).search(map, new SystemRequestDetails()).getAllResources();
	}

	private static void addPatient(Set<String> patients, Reference subject) {
		if (subject != null && "Patient".equals(subject.getReferenceElement().getResourceType())) {
			patients.add(subject.getReferenceElement().getIdPart());
		}
	}
}
