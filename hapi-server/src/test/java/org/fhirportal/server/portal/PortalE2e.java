package org.fhirportal.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fhirportal.server.support.TokenClient;

/**
 * Runs one file of {@code portal-app}'s browser tests ({@code portal-app/e2e/*.e2e.mjs}) with node's test runner
 * against a running server, and returns its TAP output. Screenshots go to {@code target/portal-e2e/}.
 *
 * <p>Needs {@code node} and {@code chromium} on the PATH ({@code .ci/run} installs both) and the portal-app
 * module built first (the reactor does, it installs the tests' npm packages).
 */
final class PortalE2e {

	static final Path PORTAL_APP = Path.of("..", "portal-app").toAbsolutePath().normalize();
	static final Path SCREENSHOTS = Path.of("target", "portal-e2e").toAbsolutePath();

	record BrowserRun(int exitCode, String output) {}

	private PortalE2e() {
	}

	static BrowserRun run(int port, String file) throws IOException, InterruptedException {
		assertThat(PORTAL_APP.resolve("node_modules/playwright-core")).as("portal-app's npm packages (build the reactor: mvn -pl hapi-server -am)")
				.isDirectory();
		Path log = Files.createTempFile("portal-e2e", ".log");
		// a loopback IP address: the authorization server accepts any port there for the portal's redirect URI
		ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-reporter=tap", "--test-concurrency=1", "e2e/" + file))
				.directory(PORTAL_APP.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
		node.environment().put("PORTAL_BASE_URL", "http://127.0.0.1:" + port);
		node.environment().put("PORTAL_SCREENSHOT_DIR", SCREENSHOTS.toString());
		node.environment().put("PORTAL_ADMIN_SECRET", TokenClient.ADMIN_CLIENT_SECRET);
		Process process = node.start();
		try {
			if (!process.waitFor(6, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return new BrowserRun(-1, "timed out after 6 minutes\n" + Files.readString(log, StandardCharsets.UTF_8));
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			System.out.println(output);
			return new BrowserRun(process.exitValue(), output);
		} finally {
			process.destroyForcibly();
			Files.deleteIfExists(log);
		}
	}
}
