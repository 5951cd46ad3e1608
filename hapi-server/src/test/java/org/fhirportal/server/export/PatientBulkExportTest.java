package org.fhirportal.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A patient exports their own record in bulk (kick-off, status polls, file downloads) with a patient-level token,
 * and nobody else can follow the job or fetch its files.
 */
@PortalServerTest
class PatientBulkExportTest {

	private static final Pattern FILE_URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+/Binary/[^\"]+)\"");
	private static final String SCOPES = "patient/Patient.rs patient/Observation.rs";

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	@Test
	void patientTokenWhenItExportsItsOwnRecordThenItFollowsTheJobAndDownloadsOnlyItsOwnData() {
		PortalSessions sessions = new PortalSessions(port, fhirContext, users);
		String amy = sessions.create(TestResources.patient(TestResources.unique("Amy")));
		String bob = sessions.create(TestResources.patient(TestResources.unique("Bob")));
		sessions.create(TestResources.glucose(new Reference("Patient/" + amy), 101));
		sessions.create(TestResources.glucose(new Reference("Patient/" + bob), 202));
		RawHttp amyFhir = sessions.patient(amy, SCOPES);

		String statusUrl = kickOff(amyFhir, "/Patient/" + amy + "/$export?_type=Patient,Observation");
		String manifest = Await.until("Amy's export", Duration.ofMinutes(5), () -> {
			HttpResponse<String> status = amyFhir.send(get(statusUrl));
			assertThat(status.statusCode()).as(status.body()).isIn(200, 202);
			return status.statusCode() == 200 ? Optional.of(status.body()) : Optional.<String>empty();
		});
		List<String> files = FILE_URL.matcher(manifest).results().map(m -> m.group(1)).toList();
		assertThat(files).as(manifest).isNotEmpty();
		StringBuilder exported = new StringBuilder();
		for (String file : files) {
			HttpResponse<String> download = amyFhir.send(get(file));
			assertThat(download.statusCode()).as(file + ": " + download.body()).isEqualTo(200);
			exported.append(download.body()).append('\n');
		}
		assertThat(exported.toString()).contains("Patient/" + amy).contains("\"id\":\"" + amy + "\"")
				.doesNotContain(bob);
	}

	@Test
	void otherCallersWhenTheyPollOrDownloadSomeoneElsesExportThenTheJobDoesNotExistForThem() {
		PortalSessions sessions = new PortalSessions(port, fhirContext, users);
		String amy = sessions.create(TestResources.patient(TestResources.unique("Amy")));
		String bob = sessions.create(TestResources.patient(TestResources.unique("Bob")));
		sessions.create(TestResources.glucose(new Reference("Patient/" + amy), 103));
		RawHttp amyFhir = sessions.patient(amy, SCOPES);
		RawHttp bobFhir = sessions.patient(bob, SCOPES);
		RawHttp amyOtherApp = sessions.patient(amy, SCOPES);

		String statusUrl = kickOff(amyFhir, "/Patient/" + amy + "/$export?_type=Patient,Observation");
		assertThat(bobFhir.send(get(statusUrl)).statusCode()).as("another patient polls").isEqualTo(404);
		assertThat(sessions.admin().send(get(statusUrl)).statusCode()).as("a backend client polls").isEqualTo(404);
		assertThat(bobFhir.send(delete(statusUrl)).statusCode()).as("another patient cancels").isEqualTo(404);

		String manifest = Await.until("Amy's export", Duration.ofMinutes(5), () -> {
			HttpResponse<String> status = amyFhir.send(get(statusUrl));
			return status.statusCode() == 200 ? Optional.of(status.body()) : Optional.<String>empty();
		});
		assertThat(amyOtherApp.send(get(statusUrl)).statusCode()).as("Amy's other app polls").isEqualTo(404);
		for (String file : FILE_URL.matcher(manifest).results().map(m -> m.group(1)).toList()) {
			assertThat(bobFhir.send(get(file)).statusCode()).as("another patient downloads " + file).isIn(403, 404);
			assertThat(amyOtherApp.send(get(file)).statusCode()).as("Amy's other app downloads " + file).isIn(403, 404);
		}
		assertThat(bobFhir.get("/Patient/" + amy + "/$export?_type=Patient", "Prefer", "respond-async",
				"Accept", "application/fhir+json").statusCode()).as("another patient exports Amy").isIn(403, 404);
	}

	private static String kickOff(RawHttp fhir, String path) {
		HttpResponse<String> response = fhir.get(path, "Prefer", "respond-async", "Accept", "application/fhir+json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return response.headers().firstValue("Content-Location").orElseThrow();
	}

	/** A request to an absolute URL (status links, file links); the session adds its own token. */
	private static HttpRequest get(String url) {
		return HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+ndjson, application/json").GET().build();
	}

	private static HttpRequest delete(String url) {
		return HttpRequest.newBuilder(URI.create(url)).DELETE().build();
	}
}
