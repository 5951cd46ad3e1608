package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.stream.Stream;
import org.fhirportal.server.support.PortalServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Searches are capped before the database sees them (issue 22, item 3), with the defaults: 5 {@code _sort} keys,
 * 10 {@code _include}/{@code _revinclude} values, 30 parameter values, no sort by a composite parameter.
 */
@PortalServerTest
class SearchLimitsTest extends AdminFhirClient {

	private static final Duration QUICKLY = Duration.ofSeconds(3);

	@Value("${portal.data-dir}")
	Path dataDir;

	@Test
	void searchWhen200SortKeysThen400AtOnceAndTheDatabaseFilesDoNotGrow() {
		String keys = String.join(",", Collections.nCopies(40, "name,-birthdate,family,given,-_lastUpdated"));
		long before = sizeOf(dataDir);

		long started = System.nanoTime();
		HttpResponse<String> search = admin.get("/Patient?_sort=" + keys);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
		assertRefused(search, "_sort", "portal.fhir.limits.max-sort-keys");
		// the audit record of the refusal is all that may be written
		assertThat(sizeOf(dataDir) - before).isLessThan(4L * 1024 * 1024);
	}

	@Test
	void searchWhenFiveSortKeysThenAnswered() {
		HttpResponse<String> search = admin.get("/Patient?_sort=name,-birthdate,family,given,-_lastUpdated&_count=1");

		assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
	}

	@Test
	void searchWhenElevenIncludesThen400() {
		String includes = String.join("&", Collections.nCopies(11, "_include=Observation:subject"));

		assertRefused(admin.get("/Observation?" + includes), "_include", "portal.fhir.limits.max-includes");
	}

	@Test
	void searchWhenThirtyOneParametersThen400() {
		String parameters = String.join("&", Collections.nCopies(31, "name=x"));

		assertRefused(admin.get("/Patient?" + parameters), null, "portal.fhir.limits.max-search-parameters");
	}

	@Test
	void searchWhenSortByCompositeCodeValueQuantityThen400() {
		assertRefused(admin.get("/Observation?_sort=code-value-quantity"), "_sort", "code-value-quantity");
	}

	private void assertRefused(HttpResponse<String> response, String parameter, String naming) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"").contains(naming);
		if (parameter != null) {
			assertThat(response.body()).contains("Parameter '" + parameter + "'");
		}
		assertStillServes();
	}

	private static long sizeOf(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).mapToLong(file -> {
				try {
					return Files.size(file);
				} catch (IOException gone) {
					return 0;
				}
			}).sum();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
