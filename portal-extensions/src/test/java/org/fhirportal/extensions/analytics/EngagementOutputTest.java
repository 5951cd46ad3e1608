package org.fhirportal.extensions.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

/** The report's two wire forms: FHIR Parameters and CSV, with suppressed cells marked in each. */
class EngagementOutputTest {

	private final EngagementReport report = new EngagementReport(
			new EngagementPeriod(LocalDate.of(2026, 1, 15), LocalDate.of(2026, 2, 10)), CohortDimension.GENDER,
			List.of(new EngagementReport.Cohort("female",
					List.of(Cell.count(Measure.ACTIVE_PATIENTS, 40, 40), Cell.count(Measure.REFILL_REQUESTS, 4, 3),
							Cell.hours(Measure.LAB_TIME_TO_VIEW_MEDIAN, Optional.of(7200.0), 12)),
					List.of(new EngagementReport.Month(YearMonth.of(2026, 1), List.of(Cell.count(Measure.ACTIVE_PATIENTS, 25, 25))),
							new EngagementReport.Month(YearMonth.of(2026, 2), List.of(Cell.count(Measure.ACTIVE_PATIENTS, 9, 9)))))));

	@Test
	void parametersCarryPeriodCohortAndFigures() {
		Parameters parameters = EngagementParameters.of(report);

		assertThat(parameters.getParameter("period").getValue().toString()).isNotNull();
		assertThat(parameters.getParameter("cohort-by").getValue().primitiveValue()).isEqualTo("gender");
		ParametersParameterComponent cohort = parameters.getParameter("cohort");
		assertThat(part(cohort, "name").getValue().primitiveValue()).isEqualTo("female");
		assertThat(((IntegerType) part(cohort, "active-patients").getValue()).getValue()).isEqualTo(40);
		Quantity median = (Quantity) part(cohort, "lab-time-to-view-median").getValue();
		assertThat(median.getValue()).isEqualByComparingTo(new BigDecimal("2"));
		assertThat(median.getCode()).isEqualTo("h");
		assertThat(cohort.getPart().stream().filter(p -> p.getName().equals("month"))).hasSize(2);
	}

	@Test
	void suppressedCellHasMaskedValueAndNoNumber() {
		ParametersParameterComponent refills = part(EngagementParameters.of(report).getParameter("cohort"), "refill-requests");

		IntegerType value = (IntegerType) refills.getValue();
		assertThat(value.getValue()).isNull();
		assertThat(value.getExtensionByUrl(EngagementParameters.DATA_ABSENT_REASON).getValue().primitiveValue()).isEqualTo("masked");
		String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(EngagementParameters.of(report));
		assertThat(json).contains("\"_valueInteger\"").doesNotContain("\"valueInteger\":4}");
	}

	@Test
	void csvHasOneRowPerFigureAndSaysSuppressed() {
		String csv = EngagementCsv.of(report);

		assertThat(csv.split("\r\n")).containsExactly(
				"cohort_by,cohort,month,measure,value,unit",
				"gender,female,,active-patients,40,count",
				"gender,female,,refill-requests,suppressed,count",
				"gender,female,,lab-time-to-view-median,2.00,hours",
				"gender,female,2026-01,active-patients,25,count",
				"gender,female,2026-02,active-patients,suppressed,count");
	}

	@Test
	void csvQuotesCohortNamesWithCommas() {
		EngagementReport odd = new EngagementReport(report.period(), CohortDimension.ORGANIZATION,
				List.of(new EngagementReport.Cohort("Organization/a,b", List.of(Cell.count(Measure.PATIENTS, 20, 20)), List.of())));

		assertThat(EngagementCsv.of(odd)).contains("organization,\"Organization/a,b\",,patients,20,count");
	}

	private static ParametersParameterComponent part(ParametersParameterComponent parent, String name) {
		return parent.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name));
	}
}
