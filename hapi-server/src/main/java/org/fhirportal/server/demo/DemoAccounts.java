package org.fhirportal.server.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Optional;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The documented demo accounts (README): the first demo patient and the first demo practitioner, each with a
 * known password, linked to their FHIR records. Created or reset at every demo start; only in demo mode, and
 * only when the authorization server runs.
 */
@Component
@ConditionalOnProperty(name = "portal.demo", havingValue = "true")
class DemoAccounts {

	static final String PATIENT_USERNAME = "demo-patient";
	static final String PRACTITIONER_USERNAME = "demo-practitioner";
	static final String PASSWORD = "demo-password-2026";

	private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

	private final DaoRegistry daoRegistry;
	private final ObjectProvider<JdbcPortalUsers> users;

	DemoAccounts(DaoRegistry daoRegistry, ObjectProvider<JdbcPortalUsers> users) {
		this.daoRegistry = daoRegistry;
		this.users = users;
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
		});
	}

	private static <T extends Resource> T first(Bundle bundle, Class<T> type) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast)
				.findFirst().orElseThrow(() -> new IllegalStateException("the demo bundle holds no " + type.getSimpleName()));
	}

	private String idOf(String type, Identifier identifier) {
		SearchParameterMap byIdentifier = SearchParameterMap.newSynchronous("identifier",
				new TokenParam(identifier.getSystem(), identifier.getValue()));
		Optional<IBaseResource> found = daoRegistry.getResourceDao(type).search(byIdentifier, new SystemRequestDetails())
				.getResources(0, 1).stream().findFirst();
		return found.map(r -> ((DomainResource) r).getIdElement().getIdPart())
				.orElseThrow(() -> new IllegalStateException("demo " + type + " " + identifier.getValue() + " is not stored"));
	}
}
