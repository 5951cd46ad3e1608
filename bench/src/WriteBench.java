import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client of bench/validation-bench.sh: portal writes (secure messages that declare the IG's PortalMessage
 * profile, so the server validates each one) and reads of what was written, from N threads, one request after
 * the other each. JDK only.
 *
 * <pre>
 *   java bench/src/WriteBench.java setup --base URL --token T --out FILE      a patient and a practitioner
 *   java bench/src/WriteBench.java write --base URL --token T --in FILE --threads N --warmup S --duration S --out FILE
 *   java bench/src/WriteBench.java read  --base URL --token T --in FILE --threads N --warmup S --duration S --out FILE
 * </pre>
 *
 * Each phase writes {@code key=value} lines: measured requests, seconds, per-second rate, p50/p90/p99 latency in
 * ms, all requests including the warm-up (to divide the server's CPU time by), and (write) the ids it created,
 * which the read phase reads back round-robin.
 */
public class WriteBench {

	static final String PROFILE = "http://fhirportal.org/fhir/StructureDefinition/portal-message";
	static final String CATEGORIES = "http://fhirportal.org/fhir/CodeSystem/portal-message-categories";

	public static void main(String[] argv) throws Exception {
		if (argv.length == 0) {
			System.err.println("usage: WriteBench setup|write|read --base URL --token T ... (see the class comment)");
			System.exit(2);
		}
		Map<String, String> args = new HashMap<>();
		for (int i = 1; i + 1 < argv.length; i += 2) {
			args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
		}
		WriteBench bench = new WriteBench(args);
		switch (argv[0]) {
			case "setup" -> bench.setup();
			case "write" -> bench.load(true);
			case "read" -> bench.load(false);
			default -> throw new IllegalArgumentException("unknown phase " + argv[0]);
		}
	}

	private final Map<String, String> args;
	private final String base;
	private final String token;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	WriteBench(Map<String, String> args) {
		this.args = args;
		this.base = required("base").replaceAll("/+$", "");
		this.token = required("token");
	}

	private String required(String name) {
		String value = args.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	private int number(String name, int fallback) {
		return Integer.parseInt(args.getOrDefault(name, String.valueOf(fallback)));
	}

	void setup() throws Exception {
		String patient = create("Patient", """
				{"resourceType":"Patient","name":[{"family":"Writebench","given":["Wanda"]}],"gender":"female","birthDate":"1970-01-01"}""");
		String practitioner = create("Practitioner", """
				{"resourceType":"Practitioner","name":[{"family":"Writebench","given":["Walter"],"prefix":["Dr"]}]}""");
		Properties out = new Properties();
		out.setProperty("patient", patient);
		out.setProperty("practitioner", practitioner);
		store(out);
	}

	private String create(String type, String body) throws Exception {
		HttpResponse<String> response = send(post(type, body));
		if (response.statusCode() != 201) {
			throw new IllegalStateException("POST " + type + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.headers().firstValue("Location")
				.map(location -> location.replaceFirst(".*/" + type + "/([^/]+).*", "$1"))
				.orElseThrow(() -> new IllegalStateException("POST " + type + " answered without a Location"));
	}

	private HttpRequest post(String type, String body) {
		return HttpRequest.newBuilder(URI.create(base + "/" + type))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.header("Prefer", "return=minimal")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.timeout(Duration.ofSeconds(60))
				.build();
	}

	private String message(String patient, String practitioner, long n) {
		return """
				{"resourceType":"Communication","meta":{"profile":["%s"]},"status":"completed",
				 "category":[{"coding":[{"system":"%s","code":"medication","display":"Medication"}]}],
				 "subject":{"reference":"Patient/%s"},"topic":{"text":"Question %d"},"sent":"2026-03-02T09:20:00Z",
				 "sender":{"reference":"Patient/%s"},"recipient":[{"reference":"Practitioner/%s"}],
				 "payload":[{"contentString":"Hello doctor, this is question number %d about my metformin."}]}"""
				.formatted(PROFILE, CATEGORIES, patient, n, patient, practitioner, n);
	}

	/** Runs the warm-up, then the measured phase, of writes or of reads. */
	void load(boolean write) throws Exception {
		Properties in = new Properties();
		try (var reader = Files.newBufferedReader(Path.of(required("in")))) {
			in.load(reader);
		}
		String patient = in.getProperty("patient");
		String practitioner = in.getProperty("practitioner");
		List<String> readable = write ? List.of() : Arrays.asList(in.getProperty("ids", "").split(","));
		if (!write && (readable.isEmpty() || readable.get(0).isBlank())) {
			throw new IllegalStateException("no ids to read in " + required("in"));
		}
		int threads = number("threads", 8);
		long warmupNanos = number("warmup", 5) * 1_000_000_000L;
		long durationNanos = number("duration", 20) * 1_000_000_000L;
		AtomicLong sequence = new AtomicLong();
		AtomicLong succeeded = new AtomicLong();
		AtomicBoolean failed = new AtomicBoolean();
		ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
		long start = System.nanoTime();
		long measureFrom = start + warmupNanos;
		long end = measureFrom + durationNanos;
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				List<Long> mine = new ArrayList<>();
				try {
					while (!failed.get()) {
						long n = sequence.incrementAndGet();
						long t0 = System.nanoTime();
						if (t0 >= end) {
							break;
						}
						HttpRequest request = write
								? post("Communication", message(patient, practitioner, n))
								: HttpRequest.newBuilder(URI.create(base + "/Communication/" + readable.get((int) (n % readable.size()))))
										.header("Authorization", "Bearer " + token)
										.header("Accept", "application/fhir+json")
										.timeout(Duration.ofSeconds(60)).GET().build();
						HttpResponse<String> response = send(request);
						long t1 = System.nanoTime();
						int expected = write ? 201 : 200;
						if (response.statusCode() != expected) {
							System.err.println((write ? "POST" : "GET") + " answered " + response.statusCode() + ": " + response.body());
							failed.set(true);
							break;
						}
						succeeded.incrementAndGet();
						if (write) {
							response.headers().firstValue("Location")
									.map(location -> location.replaceFirst(".*/Communication/([^/]+).*", "$1"))
									.ifPresent(created::add);
						}
						if (t0 >= measureFrom) {
							mine.add(t1 - t0);
						}
					}
				} catch (IOException | InterruptedException e) {
					System.err.println("request failed: " + e);
					failed.set(true);
				}
				long[] array = mine.stream().mapToLong(Long::longValue).toArray();
				latencies.add(array);
			});
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		if (failed.get()) {
			throw new IllegalStateException("the " + (write ? "write" : "read") + " phase failed (see above)");
		}
		List<Long> all = new ArrayList<>();
		latencies.forEach(array -> Arrays.stream(array).forEach(all::add));
		Collections.sort(all);
		double seconds = durationNanos / 1e9;
		Properties out = new Properties();
		out.setProperty("requests", String.valueOf(all.size()));
		out.setProperty("seconds", String.format("%.1f", seconds));
		out.setProperty("per_second", String.format("%.1f", all.size() / seconds));
		out.setProperty("p50_ms", percentile(all, 0.50));
		out.setProperty("p90_ms", percentile(all, 0.90));
		out.setProperty("p99_ms", percentile(all, 0.99));
		out.setProperty("all_requests", String.valueOf(succeeded.get()));
		out.setProperty("patient", patient);
		out.setProperty("practitioner", practitioner);
		if (write) {
			out.setProperty("ids", String.join(",", created.stream().limit(2000).toList()));
		}
		store(out);
		System.out.printf("%s: %d requests in %.0f s, %.1f/s, p50 %s ms, p99 %s ms%n", write ? "write" : "read",
				all.size(), seconds, all.size() / seconds, out.getProperty("p50_ms"), out.getProperty("p99_ms"));
	}

	private static String percentile(List<Long> sorted, double q) {
		if (sorted.isEmpty()) {
			return "n/a";
		}
		int index = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
		return String.format("%.1f", sorted.get(Math.max(0, index)) / 1e6);
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private void store(Properties out) throws IOException {
		try (var writer = Files.newBufferedWriter(Path.of(required("out")))) {
			out.store(writer, null);
		}
	}
}
