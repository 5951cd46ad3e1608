package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.fhirportal.server.PortalProperties;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Encryption at rest of the embedded H2 database ({@code portal.storage.h2-encryption-key}, issue 22 item 12): a
 * marker written through FHIR is in the database file in plain text by default, and nowhere in it with a key.
 */
class EncryptedH2Test {

	@Nested
	@PortalServerTest
	class WithoutKey extends MarkerProbe {

		@Test
		void writeWhenNoKeyThenMarkerReadableInTheDatabaseFile() throws IOException {
			String marker = writeMarker();

			assertThat(new String(Files.readAllBytes(databaseFile()), 0, 16, StandardCharsets.ISO_8859_1)).doesNotStartWith("H2encrypt");
			assertThat(filesContaining(marker)).contains(databaseFile());
		}
	}

	@Nested
	@PortalServerTest(properties = "portal.storage.h2-encryption-key=test-key-0123456789abcdef")
	class WithKey extends MarkerProbe {

		@Test
		void writeWhenKeySetThenMarkerNowhereInTheDatabaseFiles() throws IOException {
			String marker = writeMarker();

			assertThat(new String(Files.readAllBytes(databaseFile()), 0, 16, StandardCharsets.ISO_8859_1)).startsWith("H2encrypt");
			assertThat(filesContaining(marker)).isEmpty();
		}
	}

	abstract static class MarkerProbe {

		@LocalServerPort
		int port;
		@Autowired
		PortalProperties portal;
		@Autowired
		DataSource dataSource;

		/** Writes a patient named by a fresh marker through FHIR, reads it back, and has H2 write everything to its file. */
		String writeMarker() {
			String marker = "Zq" + TestResources.unique("Marker").replaceAll("[^A-Za-z0-9]", "");
			RawHttp admin = new RawHttp("http://127.0.0.1:" + port + "/fhir", new TokenClient("http://127.0.0.1:" + port).adminToken("system/*.cruds"));
			HttpResponse<String> created = admin.post("/Patient", "application/fhir+json",
					"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + marker + "\",\"given\":[\"Secret\"]}]}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String location = created.headers().firstValue("Location").orElseThrow();
			assertThat(admin.get(location.substring(location.indexOf("/Patient/"), location.indexOf("/_history"))).body()).contains(marker);
			// no API makes H2 write its pending pages to the file now; CHECKPOINT does, and changes no data
			new JdbcTemplate(dataSource).execute("CHECKPOINT");
			return marker;
		}

		Path databaseFile() {
			return h2Directory().resolve("fhir-portal.mv.db");
		}

		/** The files of the H2 directory that hold the marker as written or as H2's search index normalises it. */
		List<Path> filesContaining(String marker) throws IOException {
			byte[][] needles = {marker.getBytes(StandardCharsets.UTF_8), marker.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)};
			try (Stream<Path> files = Files.list(h2Directory())) {
				return files.filter(Files::isRegularFile).filter(file -> {
					try {
						byte[] content = Files.readAllBytes(file);
						return Stream.of(needles).anyMatch(needle -> indexOf(content, needle) >= 0);
					} catch (IOException e) {
						throw new java.io.UncheckedIOException(e);
					}
				}).toList();
			}
		}

		private Path h2Directory() {
			return portal.dataDir().toAbsolutePath().normalize().resolve("h2");
		}

		private static int indexOf(byte[] haystack, byte[] needle) {
			outer:
			for (int i = 0; i + needle.length <= haystack.length; i++) {
				for (int j = 0; j < needle.length; j++) {
					if (haystack[i + j] != needle[j]) {
						continue outer;
					}
				}
				return i;
			}
			return -1;
		}
	}
}
