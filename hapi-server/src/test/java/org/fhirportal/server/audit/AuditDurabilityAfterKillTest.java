package org.fhirportal.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fhirportal.server.FhirPortalServerApplication;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of the durable audit: a real server process (the application's main class on the test
 * classpath, H2 file database in its own data directory) serves concurrent reads and is killed with SIGKILL
 * in the middle of them; restarted on the same data directory, it holds an audit record for every response the
 * clients received with status 200 (counted per resource read: at least as many successful read records as
 * 200 answers; a record whose response was lost in the kill is allowed, a 200 without record is not).
 */
class AuditDurabilityAfterKillTest {

	private static final int READERS = 8;
	private static final int OBSERVATIONS = 12;

	@TempDir
	Path dataDir;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final ObjectMapper json = new ObjectMapper();
	private Process server;

	@AfterEach
	void stopServer() throws InterruptedException {
		if (server != null && server.isAlive()) {
			server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void serverKilledUnderConcurrentReadsThenEveryAnsweredReadHasItsRecordAfterRestart() throws Exception {
		int port = freePort();
		String root = "http://127.0.0.1:" + port;
		server = start(port, "first");
		awaitUp(root);
		RawHttp admin = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		String patient = created(admin.post("/Patient", "application/fhir+json", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Crash\"}]}"));
		List<String> observations = new ArrayList<>();
		for (int i = 0; i < OBSERVATIONS; i++) {
			observations.add(created(admin.post("/Observation", "application/fhir+json", """
					{"resourceType":"Observation","status":"final","code":{"text":"glucose"},"subject":{"reference":"Patient/%s"},
					 "valueQuantity":{"value":%d,"unit":"mg/dL"}}""".formatted(patient, 80 + i))));
		}
		String readToken = new TokenClient(root).adminToken("system/Observation.rs");

		Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
		AtomicBoolean killed = new AtomicBoolean();
		ExecutorService readers = Executors.newFixedThreadPool(READERS);
		for (int r = 0; r < READERS; r++) {
			int reader = r;
			readers.submit(() -> {
				for (int n = 0; !killed.get(); n++) {
					String id = observations.get((reader + n) % observations.size());
					if (read(root, readToken, id)) {
						answered.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
					}
				}
			});
		}
		Await.until("a few hundred answered reads", Duration.ofSeconds(120), () -> total(answered) >= 300 ? Optional.of(true) : Optional.empty());
		server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
		server.waitFor(30, TimeUnit.SECONDS);
		killed.set(true);
		readers.shutdown();
		assertThat(readers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		Map<String, Integer> answeredBeforeKill = new java.util.HashMap<>();
		answered.forEach((id, count) -> answeredBeforeKill.put(id, count.get()));

		server = start(port, "second");
		awaitUp(root);
		RawHttp auditor = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/AuditEvent.rs"));
		for (Map.Entry<String, Integer> read : answeredBeforeKill.entrySet()) {
			HttpResponse<String> records = auditor.get("/AuditEvent?entity=Observation/" + read.getKey() + "&subtype=read&outcome=0&_count=0");
			assertThat(records.statusCode()).as(records.body()).isEqualTo(200);
			int stored = json.readTree(records.body()).get("total").asInt();
			assertThat(stored).as("audit records of Observation/%s, which was answered %d times", read.getKey(), read.getValue())
					.isGreaterThanOrEqualTo(read.getValue());
		}
		assertThat(total(answered)).isGreaterThanOrEqualTo(300);
	}

	private boolean read(String root, String token, String id) {
		try {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Observation/" + id))
					.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		} catch (IOException e) {
			return false; // the server died under this request: no answer received
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Process start(int port, String run) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path log = dataDir.resolve(run + ".log");
		return new ProcessBuilder(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
				FhirPortalServerApplication.class.getName(),
				"--server.port=" + port, "--portal.data-dir=" + dataDir, "--portal.demo=false",
				"--portal.ig.validation.warm-up=false")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
	}

	private void awaitUp(String root) {
		try {
			awaitHealth(root);
		} catch (AssertionError e) {
			throw new AssertionError(e.getMessage() + "; the server's log ends with:\n" + logTail(), e);
		}
	}

	private void awaitHealth(String root) {
		Await.until("the server at " + root + " to be up", Duration.ofSeconds(600), () -> {
			if (!server.isAlive()) {
				throw new AssertionError("the server process exited with " + server.exitValue());
			}
			try {
				HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(root + "/actuator/health")).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				return health.statusCode() == 200 && health.body().contains("UP") ? Optional.of(true) : Optional.empty();
			} catch (IOException e) {
				return Optional.empty();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
		});
	}

	private String logTail() {
		try (var files = java.nio.file.Files.list(dataDir)) {
			StringBuilder tail = new StringBuilder();
			for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
				List<String> lines = java.nio.file.Files.readAllLines(log);
				tail.append(log.getFileName()).append(":\n")
						.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).append('\n');
			}
			return tail.toString();
		} catch (IOException e) {
			return "(no log: " + e.getMessage() + ")";
		}
	}

	private static String created(HttpResponse<String> response) {
		if (response.statusCode() != 201) {
			throw new AssertionError("not created: " + response.statusCode() + " " + response.body());
		}
		return URI.create(response.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	private static int total(Map<String, AtomicInteger> answered) {
		return answered.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
