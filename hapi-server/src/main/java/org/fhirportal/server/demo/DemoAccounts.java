package org.fhirportal.server.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.ProxyGrants;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The documented demo accounts (README): the first demo patient, the first two demo practitioners, a caregiver
 * acting for the first two patients, each with a known password, linked to their FHIR records, and an analyst, who
 * has no FHIR record and reaches the engagement analytics only. Created or reset at every demo start; only in demo mode, and
 * only when the authorization server runs.
 */
@Component
@ConditionalOnProperty(name = "portal.demo", havingValue = "true")
class DemoAccounts {

	static final String PATIENT_USERNAME = "demo-patient";
	static final String PRACTITIONER_USERNAME = "demo-practitioner";
	static final String SECOND_PRACTITIONER_USERNAME = "demo-practitioner-2";
	static final String CAREGIVER_USERNAME = "demo-caregiver";
	static final String ANALYST_USERNAME = "demo-analyst";
	static final String CAREGIVER_IDENTIFIER = "caregiver-1";
	static final String PASSWORD = "demo-password-2026";

	private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

	private final DaoRegistry daoRegistry;
	private final ObjectProvider<JdbcPortalUsers> users;
	private final ObjectProvider<ProxyGrants> proxyGrants;

	DemoAccounts(DaoRegistry daoRegistry, ObjectProvider<JdbcPortalUsers> users, ObjectProvider<ProxyGrants> proxyGrants) {
		this.daoRegistry = daoRegistry;
		this.users = users;
		this.proxyGrants = proxyGrants;
	}

	void ensure(DemoPopulation population) {
		users.ifAvailable(accounts -> {
			Patient patient = first(population.patientBundles().get(0), Patient.class);
			Practitioner practitioner = first(population.sharedResources(), Practitioner.class);
			String patientId = idOf("Patient", patient.getIdentifierFirstRep());
			String practitionerId = idOf("Practitioner", practitioner.getIdentifierFirstRep());
			accounts.save(PATIENT_USERNAME, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, patient.getNameFirstRep().getNameAsSingleString());
			accounts.save(PRACTITIONER_USERNAME, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + practitionerId,
					practitioner.getNameFirstRep().getNameAsSingleString());
			log.info("Demo accounts ready: {} (Patient/{}) and {} (Practitioner/{})", PATIENT_USERNAME, patientId,
					PRACTITIONER_USERNAME, practitionerId);
			ensureSecondPractitioner(accounts, population);
			accounts.save(ANALYST_USERNAME, PASSWORD, PortalRole.ANALYST, null, "Ana Lytics");
			proxyGrants.ifAvailable(grants -> ensureCaregiver(accounts, grants, population, patientId));
		});
	}

	/** A second clinician of the directory, so that care relationships can be told apart. */
	private void ensureSecondPractitioner(JdbcPortalUsers accounts, DemoPopulation population) {
		population.sharedResources().getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(Practitioner.class::isInstance).map(Practitioner.class::cast).skip(1).findFirst()
				.ifPresent(second -> accounts.save(SECOND_PRACTITIONER_USERNAME, PASSWORD, PortalRole.PRACTITIONER,
						"Practitioner/" + idOf("Practitioner", second.getIdentifierFirstRep()), second.getNameFirstRep().getNameAsSingleString()));
	}

	/**
	 * The caregiver: a RelatedPerson of the first demo patient, holding proxy grants on the first two demo patients
	 * (a parent of two, say). Grants already in force are kept, so restarts do not pile them up.
	 */
	private void ensureCaregiver(JdbcPortalUsers accounts, ProxyGrants grants, DemoPopulation population, String firstPatientId) {
		Identifier identifier = new Identifier().setSystem(DemoIds.system("RelatedPerson")).setValue(CAREGIVER_IDENTIFIER);
		String relatedPersonId = findId("RelatedPerson", identifier).orElseGet(() -> {
			RelatedPerson person = new RelatedPerson();
			person.addIdentifier(identifier);
			person.setActive(true);
			person.setPatient(new Reference("Patient/" + firstPatientId));
			person.addName().setFamily("Carer").addGiven("Casey");
			return daoRegistry.getResourceDao(RelatedPerson.class).create(person, new SystemRequestDetails()).getId().getIdPart();
		});
		accounts.save(CAREGIVER_USERNAME, PASSWORD, PortalRole.RELATED_PERSON, "RelatedPerson/" + relatedPersonId, "Casey Carer");
		Set<String> inForce = grants.patientsInForce(CAREGIVER_USERNAME);
		population.patientBundles().stream().limit(2)
				.map(bundle -> idOf("Patient", first(bundle, Patient.class).getIdentifierFirstRep()))
				.filter(id -> !inForce.contains(id))
				.forEach(id -> grants.grant(CAREGIVER_USERNAME, id, null, Optional.empty(), "demo"));
		log.info("Demo caregiver ready: {} (RelatedPerson/{}) acting for {}", CAREGIVER_USERNAME, relatedPersonId,
				grants.patientsInForce(CAREGIVER_USERNAME));
	}

	private static <T extends Resource> T first(Bundle bundle, Class<T> type) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast)
				.findFirst().orElseThrow(() -> new IllegalStateException("the demo bundle holds no " + type.getSimpleName()));
	}

	private String idOf(String type, Identifier identifier) {
		return findId(type, identifier)
				.orElseThrow(() -> new IllegalStateException("demo " + type + " " + identifier.getValue() + " is not stored"));
	}

	private Optional<String> findId(String type, Identifier identifier) {
		SearchParameterMap byIdentifier = SearchParameterMap.newSynchronous("identifier",
				new TokenParam(identifier.getSystem(), identifier.getValue()));
		Optional<IBaseResource> found = daoRegistry.getResourceDao(type).search(byIdentifier, new SystemRequestDetails())
				.getResources(0, 1).stream().findFirst();
		return found.map(r -> ((DomainResource) r).getIdElement().getIdPart());
	}
}
