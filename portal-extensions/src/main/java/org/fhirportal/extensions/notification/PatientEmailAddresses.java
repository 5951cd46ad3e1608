package org.fhirportal.extensions.notification;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Comparator;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * Where a patient's notices go: the e-mail address in their Patient record ({@code Patient.telecom} with system
 * {@code email}), as the EHR keeps it. Portal accounts have no e-mail address of their own, and the record's is the
 * one the organization has confirmed with the patient. Of several, the current ones (no ended {@code period}, not
 * {@code use = old}) by {@code rank}, a home address before a work one.
 */
final class PatientEmailAddresses {

	private final DaoRegistry daos;

	PatientEmailAddresses(DaoRegistry daos) {
		this.daos = Objects.requireNonNull(daos, "daos");
	}

	Optional<String> of(String patientId) {
		Patient patient;
		try {
			patient = (Patient) daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException gone) {
			return Optional.empty();
		}
		Date now = new Date();
		return patient.getTelecom().stream()
				.filter(telecom -> telecom.getSystem() == ContactPoint.ContactPointSystem.EMAIL && telecom.hasValue())
				.filter(telecom -> telecom.getUse() != ContactPoint.ContactPointUse.OLD)
				.filter(telecom -> !telecom.hasPeriod() || !telecom.getPeriod().hasEnd() || telecom.getPeriod().getEnd().after(now))
				.min(Comparator.comparingInt((ContactPoint telecom) -> telecom.hasRank() ? telecom.getRank() : Integer.MAX_VALUE)
						.thenComparing(telecom -> telecom.getUse() == ContactPoint.ContactPointUse.HOME ? 0 : 1))
				.map(ContactPoint::getValue)
				.map(String::trim);
	}
}
