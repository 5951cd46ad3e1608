package org.fhirportal.extensions.effect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.fhirportal.extensions.analytics.CohortDimension;
import org.fhirportal.extensions.analytics.EngagementTables;
import org.fhirportal.extensions.analytics.synthetic.PlantedEffects;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivityWriter;
import org.fhirportal.extensions.analytics.synthetic.SyntheticPortalActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticResources;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projection and the query on the embedded database: the synthetic portal's resources pass through
 * {@link EffectProjection} (as the storage hooks pass them) into the V260 and V420 tables, and {@link EffectQuery}
 * must read back exactly the outcomes {@link EffectDesignTest} computes from the generator's own lists.
 */
class EffectQueryTest {

	private static final YearMonth FIRST = YearMonth.of(2022, 1);

	@Test
	void loadWhenResourcesProjectedThenEveryOutcomeMatchesTheGroundTruth() throws IOException {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:effect-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (String script : List.of("V200__audit_store", "V250__engagement_analytics", "V260__engagement_effect", "V415__effect_sign_in_month", "V420__engagement_effect_facts")) {
			migrate(jdbc, script);
		}
		SyntheticActivity activity = SyntheticPortalActivity.generate(
				new SyntheticPortalActivity.Settings(11, "q", 200, FIRST, 6, 1, 2, 2.0, PlantedEffects.of(-0.04, 0.08, 0.15, -0.4)));
		new EngagementTables(jdbc).upsertPatients(activity.patients().stream()
				.map(p -> new EngagementTables.PatientRow(p.id(), p.birthDate(), p.gender(), p.organization(), null)).toList());
		new SyntheticActivityWriter(dataSource, List.of(new EffectSignInRecorder()), 1000).writeAudit(activity.audit());
		EffectProjection projection = new EffectProjection(new EffectTables(jdbc));
		for (Bundle bundle : List.of(SyntheticResources.patients(activity), SyntheticResources.activity(activity))) {
			bundle.getEntry().forEach(e -> projection.created(e.getResource().setId(e.getRequest().getUrl())));
		}

		for (EffectOutcome outcome : EffectOutcome.values()) {
			EffectRequest request = new EffectRequest(outcome, EffectRequest.Method.AIPW, Estimand.ATT, YearMonth.of(2022, 4), YearMonth.of(2022, 6), 3,
					0.5, CohortDimension.ALL, Optional.empty(), 0, 1, Trimming.bounds(0.01, 0.99));
			PatientMonths loaded = new EffectQuery(jdbc).load(request, Instant.parse("2026-01-01T00:00:00Z"));
			PatientMonths truth = EffectDesignTest.monthsOf(activity, request);
			MeasuredOutcome fromDatabase = outcome.measure().measure(loaded, request, request.panelEnd());
			MeasuredOutcome expected = outcome.measure().measure(truth, request, request.panelEnd());

			for (SyntheticActivity.Patient patient : activity.patients()) {
				int row = loaded.row(patient.id());
				int expectedRow = truth.row(patient.id());
				assertThat((Double) fromDatabase.period()[row]).as(outcome.code + " " + patient.id()).isEqualTo((Double) expected.period()[expectedRow]);
				assertThat(fromDatabase.baseline()[row]).as(outcome.code + " " + patient.id()).containsExactly(expected.baseline()[expectedRow]);
				assertThat(loaded.activeConditions.get(row)).as(patient.id()).containsExactly(truth.activeConditions.get(expectedRow));
			}
			assertThat(java.util.Arrays.stream(fromDatabase.period()).filter(v -> !Double.isNaN(v)).distinct().count()).as(outcome.code)
					.isGreaterThan(1);
		}
	}

	private static void migrate(JdbcTemplate jdbc, String script) throws IOException {
		try (InputStream in = EffectQueryTest.class.getResourceAsStream("/db/migration/h2/" + script + ".sql")) {
			String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
			for (String statement : sql.split(";")) {
				if (!statement.isBlank()) {
					jdbc.execute(statement);
				}
			}
		}
	}
}
