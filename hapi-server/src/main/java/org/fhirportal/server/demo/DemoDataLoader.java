package org.fhirportal.server.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Loads the {@link DemoPopulation} once, on the first start with {@code portal.demo=true}, through the
 * system transaction path that EHR pushes take. The population is anchored at the day of that first load
 * so its free slots and booked appointments lie ahead. A later start finds the population's last patient
 * and loads nothing; a start after an interrupted load re-pushes, which the conditional entries make
 * harmless. Runs before the server reports itself ready.
 */
@Component
@ConditionalOnProperty(name = "portal.demo", havingValue = "true")
class DemoDataLoader implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

	private final IFhirSystemDao<Bundle, ?> systemDao;
	private final DaoRegistry daoRegistry;
	private final DemoProperties properties;
	private final DemoAccounts accounts;
	private final DemoEngagement engagement;
	private final Clock clock = Clock.systemUTC();

	DemoDataLoader(IFhirSystemDao<Bundle, ?> systemDao, DaoRegistry daoRegistry, DemoProperties properties, DemoAccounts accounts,
			DemoEngagement engagement) {
		this.systemDao = systemDao;
		this.daoRegistry = daoRegistry;
		this.properties = properties;
		this.accounts = accounts;
		this.engagement = engagement;
	}

	@Override
	public void run(ApplicationArguments args) {
		DemoPopulation population = population();
		load(population);
		accounts.ensure(population);
		engagement.ensure();
	}

	DemoPopulation population() {
		return DemoPopulation.generate(properties.seed(), properties.patients(), LocalDate.now(clock));
	}

	/** @return the number of bundles pushed (0 when the population was already there) */
	int load(DemoPopulation population) {
		List<Bundle> patients = population.patientBundles();
		if (isLoaded(patients.get(patients.size() - 1))) {
			log.info("Demo population (seed {}, {} patients) already loaded", properties.seed(), properties.patients());
			return 0;
		}
		long start = System.nanoTime();
		log.info("Loading demo population: seed {}, {} patients, {} resources", properties.seed(), properties.patients(),
				population.resourceCount());
		push(population.sharedResources());
		for (int i = 0; i < patients.size(); i++) {
			push(patients.get(i));
			if ((i + 1) % 10 == 0) {
				log.info("Demo population: {} of {} patients loaded", i + 1, patients.size());
			}
		}
		log.info("Demo population loaded in {} s", (System.nanoTime() - start) / 1_000_000_000);
		return patients.size() + 1;
	}

	private void push(Bundle transaction) {
		systemDao.transaction(new SystemRequestDetails(), transaction);
	}

	private boolean isLoaded(Bundle lastPatientBundle) {
		Identifier mrn = lastPatientBundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(Patient.class::isInstance)
				.map(r -> ((Patient) r).getIdentifier().stream()
						.filter(id -> DemoIds.MRN_SYSTEM.equals(id.getSystem())).findFirst().orElseThrow())
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("a demo patient bundle holds no Patient"));
		SearchParameterMap byMrn = SearchParameterMap.newSynchronous(
				Patient.SP_IDENTIFIER, new TokenParam(mrn.getSystem(), mrn.getValue()));
		return !daoRegistry.getResourceDao(Patient.class).search(byMrn, new SystemRequestDetails()).isEmpty();
	}
}
