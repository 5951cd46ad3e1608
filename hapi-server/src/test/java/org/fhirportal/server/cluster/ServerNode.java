package org.fhirportal.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.fhirportal.server.FhirPortalServerApplication;
import org.fhirportal.server.support.Await;

/**
 * One server node of a {@link PortalCluster}: the application's main class on the test classpath in a process of
 * its own (as {@code AuditDurabilityAfterKillTest} starts it), on the {@code postgres} profile against the cluster's
 * database, with its own port, data directory and log file.
 */
final class ServerNode {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

	private final String name;
	private final int port;
	private final Path dataDir;
	private final String jdbcUrl;
	private final String user;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private Process process;
	private int runs;

	ServerNode(String name, int port, Path dataDir, String jdbcUrl, String user) {
		this.name = Objects.requireNonNull(name, "name");
		this.port = port;
		this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
		this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
		this.user = Objects.requireNonNull(user, "user");
	}

	String name() {
		return name;
	}

	int port() {
		return port;
	}

	/** The node's own root, bypassing the balancer. */
	String root() {
		return "http://127.0.0.1:" + port;
	}

	/** Starts the process; {@link #awaitReady()} waits for it. */
	void start() {
		runs++;
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx640m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				FhirPortalServerApplication.class.getName(),
				"--spring.profiles.active=postgres",
				"--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=" + user,
				"--spring.datasource.hikari.maximum-pool-size=10",
				"--server.port=" + port, "--server.address=127.0.0.1",
				"--portal.data-dir=" + dataDir, "--portal.demo=false",
				"--portal.ig.validation.warm-up=false",
				// patients too give a second factor here, so that a patient's launch crosses the MFA step
				"--smart.auth.mfa-required-roles=PATIENT,PRACTITIONER,ADMINISTRATOR,ANALYST"));
		try {
			Files.createDirectories(dataDir);
			process = new ProcessBuilder(command)
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
					.start();
		} catch (IOException e) {
			throw new UncheckedIOException("could not start node " + name, e);
		}
	}

	/** Waits until the node's readiness probe answers 200, failing with the log's tail if the process dies. */
	void awaitReady() {
		try {
			Await.until("node " + name + " to be ready", START_TIMEOUT, () -> {
				if (!process.isAlive()) {
					throw new AssertionError("node " + name + " exited with " + process.exitValue());
				}
				return ready() ? Optional.of(true) : Optional.empty();
			});
		} catch (AssertionError e) {
			throw new AssertionError(e.getMessage() + "; its log ends with:\n" + logTail(), e);
		}
	}

	boolean ready() {
		try {
			HttpResponse<Void> probe = http.send(HttpRequest.newBuilder(URI.create(root() + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
			return probe.statusCode() == 200;
		} catch (IOException e) {
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	boolean alive() {
		return process != null && process.isAlive();
	}

	/** SIGKILL: no shutdown hook, no graceful drain. */
	void kill() {
		if (alive()) {
			process.destroyForcibly();
			awaitExit();
		}
	}

	/** SIGTERM: Spring Boot's graceful shutdown. */
	void stop() {
		if (alive()) {
			process.destroy();
			awaitExit();
		}
	}

	private void awaitExit() {
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(log());
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		} catch (IOException e) {
			return "(no log: " + e.getMessage() + ")";
		}
	}

	private Path log() {
		return dataDir.resolveSibling(name + ".log");
	}

	@Override
	public String toString() {
		return name + " (" + root() + ", run " + runs + ")";
	}
}
