package org.fhirportal.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Date;
import org.fhirportal.server.support.PortalServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code portal.demo=true} loads the demo population at start-up, once, through the transaction path. */
@PortalServerTest(properties = {"portal.demo=true", "portal.demo-population.patients=3", "portal.demo-population.seed=7"})
class DemoDataLoaderTest {


	@Autowired
	DaoRegistry daoRegistry;

	@Autowired
	DemoDataLoader loader;

	@Autowired
	DemoProperties demo;

	@Autowired
	org.fhirportal.auth.user.JdbcPortalUsers users;

	@Test
	void startWhenDemoEnabledThenPopulationLoadedWithBookableSlots() {
		assertThat(countPopulation("Patient")).isEqualTo(3);
		assertThat(countPopulation("Practitioner")).isEqualTo(7);
		// besides the population, the synthetic portal users who give the analyst dashboard its history
		assertThat(count("Patient", new SearchParameterMap()) - countPopulation("Patient")).isEqualTo(demo.engagementPatients()).isPositive();
		assertThat(count("Observation", SearchParameterMap.newSynchronous("category", new TokenParam("laboratory")))).isPositive();
		assertThat(count("Observation", SearchParameterMap.newSynchronous("category", new TokenParam("vital-signs")))).isPositive();
		assertThat(count("DocumentReference", new SearchParameterMap())).isEqualTo(3);
		assertThat(count("Slot", SearchParameterMap.newSynchronous("status", new TokenParam("free"))
				.add("start", new DateParam(ParamPrefixEnum.GREATERTHAN, new Date())))).isPositive();
	}

	@Test
	void loadWhenPopulationAlreadyLoadedThenNothingPushedAndNothingDuplicated() {
		int before = totalResources();

		int pushed = loader.load(loader.population());

		assertThat(pushed).isZero();
		assertThat(totalResources()).isEqualTo(before);
	}

	@Test
	void startWhenDemoEnabledThenDemoAccountsLinkedToStoredRecords() {
		org.fhirportal.auth.user.PortalUser patient = users.find(DemoAccounts.PATIENT_USERNAME).orElseThrow();
		org.fhirportal.auth.user.PortalUser practitioner = users.find(DemoAccounts.PRACTITIONER_USERNAME).orElseThrow();

		assertThat(daoRegistry.getResourceDao("Patient").read(new org.hl7.fhir.r4.model.IdType(patient.fhirUser().orElseThrow()),
				new SystemRequestDetails())).isNotNull();
		assertThat(daoRegistry.getResourceDao("Practitioner").read(new org.hl7.fhir.r4.model.IdType(practitioner.fhirUser().orElseThrow()),
				new SystemRequestDetails())).isNotNull();
	}

	private int totalResources() {
		int total = 0;
		for (String type : new String[] {"Patient", "Practitioner", "Observation", "Encounter", "Slot", "Appointment", "Communication"}) {
			total += count(type, new SearchParameterMap());
		}
		return total;
	}

	/** Resources of the demo population: those of the engagement history have ids {@code demo-eng-*}. */
	private long countPopulation(String type) {
		SearchParameterMap all = new SearchParameterMap();
		all.setLoadSynchronous(true);
		return daoRegistry.getResourceDao(type).search(all, new SystemRequestDetails()).getAllResources().stream()
				.filter(r -> !r.getIdElement().getIdPart().startsWith(DemoEngagement.ID_PREFIX)).count();
	}

	private int count(String type, SearchParameterMap map) {
		map.setLoadSynchronous(true);
		return daoRegistry.getResourceDao(type).search(map, new SystemRequestDetails()).size();
	}
}
