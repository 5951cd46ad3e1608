package org.fhirportal.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fhirportal.extensions.analytics.Cell;
import org.fhirportal.extensions.analytics.CohortDimension;
import org.fhirportal.extensions.analytics.EngagementPeriod;
import org.fhirportal.extensions.analytics.EngagementQuery;
import org.fhirportal.extensions.analytics.EngagementReport;
import org.fhirportal.extensions.analytics.EngagementViewRecorder;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivityWriter;
import org.fhirportal.extensions.analytics.synthetic.SyntheticPortalActivity;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engagement figures that {@link EngagementQuery} computes in SQL equal those computed from the generator's
 * ground truth by {@link ExpectedEngagement}, for every cohort dimension, over a period that cuts months at both
 * ends, on each database. The generated audit trail goes through {@link EngagementViewRecorder} in batches, as the
 * audit store writes it; the FHIR resources' projections are written directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngagementGroundTruthContract {

	private static final LocalDate START = LocalDate.of(2025, 3, 10);
	private static final LocalDate END = LocalDate.of(2025, 5, 20);

	private HikariDataSource dataSource;
	private SyntheticActivity activity;
	private EngagementQuery query;

	/** A fresh, empty database of the kind under test. */
	abstract HikariDataSource freshDatabase();

	/** The Flyway script folder of that kind (h2, postgresql). */
	abstract String vendor();

	@BeforeAll
	void writeSyntheticPortal() {
		dataSource = freshDatabase();
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendor()).load().migrate();
		activity = SyntheticPortalActivity.generate(SyntheticPortalActivity.Settings.small(20251, "gt", 400, YearMonth.of(2025, 2)));
		SyntheticActivityWriter writer = new SyntheticActivityWriter(dataSource, List.of(new EngagementViewRecorder()), 500);
		writer.writeAccounts(activity);
		writer.writeProjections(activity);
		writer.writeAudit(activity.audit());
		query = new EngagementQuery(new JdbcTemplate(dataSource));
	}

	@AfterAll
	void close() {
		if (dataSource != null) {
			dataSource.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {"all", "age-band", "gender", "organization", "practitioner"})
	void figuresEqualTheGroundTruth(String dimension) {
		Map<String, Map<String, Optional<BigDecimal>>> expected = ExpectedEngagement.of(activity, START, END, dimension);

		EngagementReport report = query.run(new EngagementPeriod(START, END), CohortDimension.fromCode(dimension));

		assertThat(figures(report)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = {"all", "gender"})
	void figuresOfPartOfOneMonthEqualTheGroundTruth(String dimension) {
		LocalDate start = LocalDate.of(2025, 4, 3);
		LocalDate end = LocalDate.of(2025, 4, 25);

		EngagementReport report = query.run(new EngagementPeriod(start, end), CohortDimension.fromCode(dimension));

		assertThat(figures(report)).isEqualTo(ExpectedEngagement.of(activity, start, end, dimension));
	}

	@ParameterizedTest
	@ValueSource(strings = {"all", "organization"})
	void groundTruthIsNotMostlySuppressed(String dimension) {
		Map<String, Map<String, Optional<BigDecimal>>> expected = ExpectedEngagement.of(activity, START, END, dimension);

		for (Map<String, Optional<BigDecimal>> cohort : expected.values()) {
			assertThat(cohort.entrySet().stream().filter(e -> e.getValue().isPresent()).map(Map.Entry::getKey))
					.contains("active-patients", "sign-ins-per-active-patient-month", "views-results", "lab-time-to-view-median",
							"lab-time-to-view-p90", "reply-time-median", "month:2025-04:active-patients");
		}
	}

	static Map<String, Map<String, Optional<BigDecimal>>> figures(EngagementReport report) {
		Map<String, Map<String, Optional<BigDecimal>>> figures = new HashMap<>();
		for (EngagementReport.Cohort cohort : report.cohorts()) {
			Map<String, Optional<BigDecimal>> f = new HashMap<>();
			for (Cell cell : cohort.cells()) {
				f.put(cell.measure().code(), cell.value());
			}
			for (EngagementReport.Month month : cohort.months()) {
				for (Cell cell : month.cells()) {
					f.put("month:" + month.month() + ":" + cell.measure().code(), cell.value());
				}
			}
			figures.put(cohort.name(), f);
		}
		return figures;
	}
}
