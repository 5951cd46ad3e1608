package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Interoperability with the official SMART JavaScript client: {@code src/test/smart-js/standalone-launch.js} runs
 * {@code fhirclient} under Node through a standalone launch against this server (discovery, authorize with PKCE,
 * the browser's sign-in and consent, code exchange) and reads the patient in context with the token it got.
 * Needs {@code node} and {@code npm} on the PATH; installs the script's locked dependencies with {@code npm ci}.
 */
@PortalServerTest
class SmartJsClientLaunchTest {

	static final String PASSWORD = "correct horse battery staple";
	static final String SCOPE = "openid fhirUser launch/patient patient/*.rs";
	static final Path SCRIPT_DIR = Path.of("src/test/smart-js").toAbsolutePath();

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Test
	void standaloneLaunchWithFhirclientJsThenAppReadsPatientInContext() throws Exception {
		String root = "http://127.0.0.1:" + port;
		String clientId = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		String patientId = TestApps.createPatient(new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds")), "Jsclient");
		String username = TestResources.unique("jsclient");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Js Client");
		installDependencies();

		Result result = run(Map.of("FHIR_BASE", root + "/fhir", "CLIENT_ID", clientId, "REDIRECT_URI", SmartAppLaunch.REDIRECT,
				"SCOPE", SCOPE, "USERNAME", username, "PASSWORD", PASSWORD), "node", "standalone-launch.js");

		assertThat(result.exitCode()).as(result.output()).isZero();
		JsonNode outcome = new ObjectMapper().readTree(result.stdout());
		assertThat(outcome.path("patient").asText()).isEqualTo(patientId);
		assertThat(outcome.path("scope").asText()).contains("patient/*.rs", "launch/patient");
		assertThat(outcome.path("read").path("resourceType").asText()).isEqualTo("Patient");
		assertThat(outcome.path("read").path("id").asText()).isEqualTo(patientId);
		assertThat(outcome.path("read").path("name").get(0).path("family").asText()).isEqualTo("Jsclient");
	}

	private static void installDependencies() throws Exception {
		if (Files.isDirectory(SCRIPT_DIR.resolve("node_modules/fhirclient"))) {
			return;
		}
		Result install = run(Map.of(), "npm", "ci");
		assertThat(install.exitCode()).as("npm ci in %s: %s", SCRIPT_DIR, install.output()).isZero();
	}

	private record Result(int exitCode, String stdout, String stderr) {
		String output() {
			return "stdout: " + stdout + "\nstderr: " + stderr;
		}
	}

	private static Result run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
		Path stdout = Files.createTempFile("smart-js", ".out");
		Path stderr = Files.createTempFile("smart-js", ".err");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile())
					.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
			}
			return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
		} finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}
}
