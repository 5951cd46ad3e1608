package org.fhirportal.server.picker;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import org.fhirportal.auth.picker.PatientDirectory;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * The patient picker's directory on HAPI's JPA store: a synchronous {@code Patient?name=} search and a read, as the
 * system (the practitioner's right to pick is checked by the picker; the app's later FHIR calls are checked
 * against the token's patient context as usual).
 */
@Component
class JpaPatientDirectory implements PatientDirectory {

	private final DaoRegistry daoRegistry;

	JpaPatientDirectory(DaoRegistry daoRegistry) {
		this.daoRegistry = daoRegistry;
	}

	@Override
	public List<PatientSummary> searchByName(String name, int max) {
		SearchParameterMap byName = SearchParameterMap.newSynchronous("name", new StringParam(name));
		byName.setCount(max);
		return patients().search(byName, new SystemRequestDetails()).getResources(0, max).stream()
				.map(Patient.class::cast).map(JpaPatientDirectory::summary).toList();
	}

	@Override
	public Optional<PatientSummary> find(String id) {
		if (id == null || !id.matches("[A-Za-z0-9\\-.]{1,64}")) {
			return Optional.empty();
		}
		try {
			return Optional.of(summary(patients().read(new IdType("Patient", id), new SystemRequestDetails())));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	private IFhirResourceDao<Patient> patients() {
		return daoRegistry.getResourceDao(Patient.class);
	}

	private static PatientSummary summary(Patient patient) {
		String name = patient.getNameFirstRep().getNameAsSingleString();
		return new PatientSummary(patient.getIdElement().getIdPart(), name.isBlank() ? "Patient " + patient.getIdElement().getIdPart() : name,
				patient.hasBirthDate() ? patient.getBirthDateElement().getValueAsString() : null);
	}
}
