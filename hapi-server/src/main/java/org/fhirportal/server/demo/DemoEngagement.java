package org.fhirportal.server.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.PlantedEffects;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivityWriter;
import org.fhirportal.extensions.analytics.synthetic.SyntheticPortalActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticResources;
import org.fhirportal.extensions.audit.AuditRecord;
import org.fhirportal.extensions.audit.AuditStore;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The demo's engagement history, so that the analysts' dashboard has something to show on a fresh demo server: a
 * population of synthetic portal users ({@link SyntheticPortalActivity}, ids {@code demo-eng-*}) with six months of
 * use up to the start of the current month, with a planted effect of portal use on no-shows
 * ({@code portal.demo-population.effects.no-show}) and on refill adherence, lab follow-up and HbA1c
 * ({@code ...effects.refill-adherence}, {@code lab-follow-up}, {@code hba1c-change}), with the confounding that makes
 * the naive comparison wrong. Their patients, lab results, messages, appointments, refill requests and clinical
 * courses (conditions, dispenses, lab values, encounters)
 * go in through the system transaction path (so the analytics' projections are kept by the server's own hooks);
 * their sign-ins and views through the {@link AuditStore}, the path every audited request takes; their accounts
 * (with an unusable password) straight into the account table. The figures of a period are therefore computed
 * by {@code $engagement} exactly as for real use, and real use of the demo (the demo patient's sign-ins) adds to them.
 *
 * <p>Hand-written: the demo population has three to fifty patients of whom one signs in, and the engagement report
 * suppresses every figure of fewer than 11 patients.
 */
@Component
@ConditionalOnProperty(name = "portal.demo", havingValue = "true")
class DemoEngagement {

	static final String ID_PREFIX = "demo-eng";
	private static final int MONTHS = 6;
	/** The portal goes live in the fourth month: three months of baseline before it and three of use, the analysts' dashboard's default baseline and outcome period. */
	private static final int LAUNCH_MONTH = 3;
	private static final int AUDIT_CHUNK = 500;
	private static final Logger log = LoggerFactory.getLogger(DemoEngagement.class);

	private final IFhirSystemDao<Bundle, ?> systemDao;
	private final DaoRegistry daoRegistry;
	private final DemoProperties properties;
	private final ObjectProvider<AuditStore> auditStore;
	private final DataSource dataSource;
	private final Clock clock = Clock.systemUTC();

	DemoEngagement(IFhirSystemDao<Bundle, ?> systemDao, DaoRegistry daoRegistry, DemoProperties properties,
			ObjectProvider<AuditStore> auditStore, DataSource dataSource) {
		this.systemDao = systemDao;
		this.daoRegistry = daoRegistry;
		this.properties = properties;
		this.auditStore = auditStore;
		this.dataSource = dataSource;
	}

	/** Generates the history once; a server that already holds it (or audits nothing) is left as it is. */
	void ensure() {
		AuditStore store = auditStore.getIfAvailable();
		int patients = properties.engagementPatients();
		if (store == null || patients == 0) {
			return;
		}
		SyntheticActivity activity = SyntheticPortalActivity.generate(new SyntheticPortalActivity.Settings(properties.seed(), ID_PREFIX,
				patients, YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(MONTHS), MONTHS, 2, 3, 3.5,
				PlantedEffects.of(properties.effects().noShow(), properties.effects().refillAdherence(), properties.effects().labFollowUp(),
						properties.effects().hba1cChange()).withLaunchMonth(LAUNCH_MONTH)));
		if (isLoaded(activity)) {
			log.info("Demo engagement history already loaded");
			return;
		}
		long start = System.nanoTime();
		for (Bundle bundle : List.of(SyntheticResources.directory(activity), SyntheticResources.patients(activity),
				SyntheticResources.activity(activity))) {
			systemDao.transaction(new SystemRequestDetails(), bundle);
		}
		// the accounts only: the writer's audit path is for benchmarks, the demo's goes through the audit store
		new SyntheticActivityWriter(dataSource, List.of(), AUDIT_CHUNK).writeAccounts(activity);
		List<AuditRecord> audit = activity.audit();
		for (int from = 0; from < audit.size(); from += AUDIT_CHUNK) {
			store.appendAndWait(audit.subList(from, Math.min(audit.size(), from + AUDIT_CHUNK)));
		}
		log.info("Demo engagement history loaded in {} s: {} synthetic patients, {} audit records over {} months",
				(System.nanoTime() - start) / 1_000_000_000, patients, audit.size(), MONTHS);
	}

	private boolean isLoaded(SyntheticActivity activity) {
		String last = activity.patients().get(activity.patients().size() - 1).id();
		try {
			daoRegistry.getResourceDao(Patient.class).read(new IdType("Patient", last), new SystemRequestDetails());
			return true;
		} catch (ResourceNotFoundException | ResourceGoneException missing) {
			return false;
		}
	}
}
