package org.fhirportal.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fhirportal.extensions.analytics.CohortDimension;
import org.fhirportal.extensions.analytics.EngagementPeriod;
import org.fhirportal.extensions.analytics.EngagementQuery;
import org.fhirportal.extensions.analytics.EngagementOperationProvider;
import org.fhirportal.extensions.analytics.EngagementViewRecorder;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivityWriter;
import org.fhirportal.extensions.analytics.synthetic.SyntheticPortalActivity;
import org.fhirportal.server.support.FreshPostgresDatabase;
import org.flywaydb.core.Flyway;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engagement benchmark (run by {@code bench/engagement.sh}, skipped otherwise): a fresh PostgreSQL database,
 * the synthetic activity of {@code engagement.bench.patients} patients (default 10,000) over 12 months written by
 * batched JDBC (about a million audit records, through the audit batch listener, into monthly partitions as the
 * audit store keeps them), then {@code $engagement}'s query and its Parameters encoding timed for each cohort
 * dimension over the whole year and over one month. Prints a Markdown table and writes it to
 * {@code engagement.bench.out}; fails when a whole-year answer takes more than 2 s.
 */
@EnabledIfSystemProperty(named = "engagement.bench", matches = "true")
class EngagementBenchmark {

	private static final YearMonth FIRST = YearMonth.of(2025, 1);
	private static final int MONTHS = 12;
	private static final int RUNS = 5;
	private static final long LIMIT_MS = 2000;

	@Test
	void engagementOverAMillionAuditRecordsAnswersWithinTwoSeconds() {
		int patients = Integer.getInteger("engagement.bench.patients", 10_000);
		double sessions = Double.parseDouble(System.getProperty("engagement.bench.sessions", "3.8"));
		List<String> out = new ArrayList<>();
		FreshPostgresDatabase database = FreshPostgresDatabase.create();
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl(database.jdbcUrl() + "?reWriteBatchedInserts=true");
			dataSource.setUsername(database.user());
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			createMonthlyPartitions(jdbc);

			long t0 = System.nanoTime();
			SyntheticActivity activity = SyntheticPortalActivity.generate(new SyntheticPortalActivity.Settings(
					20250101, "b", patients, FIRST, MONTHS, 20, 200, sessions));
			long generated = System.nanoTime();
			SyntheticActivityWriter writer = new SyntheticActivityWriter(dataSource, List.of(new EngagementViewRecorder()), 1000);
			writer.writeAccounts(activity);
			writer.writeProjections(activity);
			long projected = System.nanoTime();
			writer.writeAudit(activity.audit());
			long written = System.nanoTime();
			jdbc.execute("VACUUM ANALYZE");
			long analyzed = System.nanoTime();

			out.add("| data | " + patients + " patients, " + activity.audit().size() + " audit records over " + MONTHS + " months from " + FIRST
					+ ", " + activity.labs().size() + " lab reports, " + activity.messages().size() + " messages, "
					+ activity.appointments().size() + " appointments, " + activity.refills().size() + " refill requests |");
			out.add("| derived rows | " + jdbc.queryForObject("SELECT COUNT(*) FROM portal_engagement_daily_views", Long.class) + " daily view rows, "
					+ jdbc.queryForObject("SELECT COUNT(*) FROM portal_engagement_first_view", Long.class) + " first views |");
			out.add(String.format(Locale.ROOT, "| loading | generated in %.1f s; accounts and projections %.1f s; audit records with the view recorder"
							+ " %.1f s (%.0f records/s); VACUUM ANALYZE %.1f s |", secs(t0, generated), secs(generated, projected),
					secs(projected, written), activity.audit().size() / secs(projected, written), secs(written, analyzed)));
			out.add("");
			out.add("| period | cohort-by | runs | median ms | max ms |");
			out.add("| --- | --- | ---: | ---: | ---: |");
			out.forEach(System.out::println);

			EngagementQuery query = new EngagementQuery(jdbc);
			EngagementPeriod year = new EngagementPeriod(FIRST.atDay(1), FIRST.plusMonths(MONTHS - 1).atEndOfMonth());
			EngagementPeriod month = new EngagementPeriod(LocalDate.of(2025, 6, 1), LocalDate.of(2025, 6, 30));
			long worstYear = 0;
			for (EngagementPeriod period : List.of(year, month)) {
				for (CohortDimension dimension : CohortDimension.values()) {
					long[] ms = time(query, period, dimension);
					if (period == year) {
						worstYear = Math.max(worstYear, ms[ms.length - 1]);
					}
					out.add("| " + period.start() + " to " + period.end() + " | " + dimension.code() + " | " + RUNS + " | " + ms[RUNS / 2]
							+ " | " + ms[RUNS - 1] + " |");
					System.out.println(out.get(out.size() - 1));
				}
			}
			write(out);
			assertThat(worstYear).as("slowest whole-year $engagement, ms").isLessThanOrEqualTo(LIMIT_MS);
		} finally {
			database.drop();
		}
	}

	/** One partition per month of activity, and the months of enrolment before it, as the audit store creates them. */
	private static void createMonthlyPartitions(JdbcTemplate jdbc) {
		for (YearMonth m = FIRST.minusMonths(12); !m.isAfter(FIRST.plusMonths(MONTHS + 1)); m = m.plusMonths(1)) {
			jdbc.execute("CREATE TABLE portal_audit_event_" + m.toString().replace("-", "_") + " PARTITION OF portal_audit_event"
					+ " FOR VALUES FROM ('" + m.atDay(1) + " 00:00:00+00') TO ('" + m.plusMonths(1).atDay(1) + " 00:00:00+00')");
		}
	}

	/** Run times in ms, sorted, after one warm-up run: the query and the encoding of its Parameters as JSON. */
	private static long[] time(EngagementQuery query, EngagementPeriod period, CohortDimension dimension) {
		FhirContext fhir = FhirContext.forR4Cached();
		answer(query, period, dimension, fhir);
		long[] ms = new long[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			answer(query, period, dimension, fhir);
			ms[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
		}
		Arrays.sort(ms);
		return ms;
	}

	/** What the operation does for a request, short of the HTTP transport: query, Parameters, JSON. */
	private static String answer(EngagementQuery query, EngagementPeriod period, CohortDimension dimension, FhirContext fhir) {
		IBaseResource parameters = new EngagementOperationProvider(query, Clock.systemUTC()).engagement(
				new DateType(period.start().toString()), new DateType(period.end().toString()), new CodeType(dimension.code()),
				new SystemRequestDetails());
		return fhir.newJsonParser().encodeResourceToString(parameters);
	}

	private static double secs(long from, long to) {
		return (to - from) / 1e9;
	}

	private static void write(List<String> lines) {
		String file = System.getProperty("engagement.bench.out");
		if (file != null) {
			try {
				Files.write(Path.of(file), lines);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}
}
