package org.fhirportal.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fhirportal.server.support.FreshPostgresDatabase;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit store on PostgreSQL: monthly partitions exist ahead of time, the records of real reads land in the
 * current month's partition (not the default one), and a record takes at most 1 KB (table, TOAST and indexes,
 * measured as the growth of the month's partition over a few hundred patient-scoped reads and searches).
 */
@PortalServerTest
@ActiveProfiles("postgres")
class PostgresAuditStoreTest {

	private static final int REQUESTS = 300;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		FreshPostgresDatabase database = FreshPostgresDatabase.create();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::user);
	}

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Test
	void readsThenRecordsInTheMonthsPartitionAtMostOneKilobyteEach() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String root = "http://127.0.0.1:" + port;
		RawHttp admin = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		String patient = created(admin.post("/Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Sized\"}]}"));
		List<String> labs = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			labs.add(created(admin.post("/Observation", "application/fhir+json", """
					{"resourceType":"Observation","status":"final","code":{"text":"glucose"},"subject":{"reference":"Patient/%s"}}"""
					.formatted(patient))));
		}
		YearMonth month = YearMonth.now(ZoneOffset.UTC);
		String partition = String.format("portal_audit_event_y%04dm%02d", month.getYear(), month.getMonthValue());
		String next = String.format("portal_audit_event_y%04dm%02d", month.plusMonths(1).getYear(), month.plusMonths(1).getMonthValue());
		assertThat(partitions(jdbc)).contains(partition, next, "portal_audit_event_default");
		long rowsBefore = count(jdbc, partition);
		long bytesBefore = size(jdbc, partition);

		for (int i = 0; i < REQUESTS; i++) {
			HttpResponse<String> response = i % 2 == 0
					? admin.get("/Observation/" + labs.get(i % labs.size()))
					: admin.get("/Observation?patient=" + patient);
			assertThat(response.statusCode()).isEqualTo(200);
		}

		long rows = count(jdbc, partition) - rowsBefore;
		long bytesPerRecord = (size(jdbc, partition) - bytesBefore) / rows;
		assertThat(rows).isEqualTo(REQUESTS);
		assertThat(count(jdbc, "portal_audit_event_default")).isZero();
		assertThat(bytesPerRecord).as("bytes per audit record").isLessThanOrEqualTo(1024);
		System.out.printf("audit store on PostgreSQL: %d bytes per record over %d records%n", bytesPerRecord, rows);
	}

	private static List<String> partitions(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'portal_audit_event'::regclass",
				String.class);
	}

	private static long count(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
	}

	private static long size(JdbcTemplate jdbc, String table) {
		jdbc.execute("VACUUM ANALYZE " + table);
		return jdbc.queryForObject("SELECT pg_total_relation_size('" + table + "')", Long.class);
	}

	private static String created(HttpResponse<String> response) {
		if (response.statusCode() != 201) {
			throw new AssertionError("not created: " + response.statusCode() + " " + response.body());
		}
		return URI.create(response.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}
}
