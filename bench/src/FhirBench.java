import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * FHIR load harness: a dependency-free client (java.net.http only) that measures a FHIR server.
 *
 * <p>Runs with Java's single-file source launcher ({@code java bench/src/FhirBench.java COMMAND ...}) or compiled
 * with {@code javac -d bench/work/classes bench/src/FhirBench.java} ({@code java -cp bench/work/classes FhirBench}).
 *
 * <pre>
 * ingest --base URL --dir DIR            POST Synthea bundles (hospital*, practitioner* first), resources/s
 * read   --base URL                      GET Patient/{id} and Observation/{id} alternately, requests/s p50 p99
 * search --base URL                      GET Observation?patient=X&amp;category=laboratory, requests/s p50 p99
 * all    --base URL --dir DIR            ingest, then read, then search
 * report --results DIR --md FILE         print the table of a run directory and update RESULTS.md
 *
 * common options: --header "Name: value" (repeatable)  --out FILE (append key=value results)
 *                 --server-pid PID --clk-tck 100 (server CPU time per request/resource, from /proc/PID/stat)
 * load options:   --threads 8 --warmup 5 --duration 20 --max-requests 100000 --ids 1000 --timeout 30
 * ingest options: --ingest-threads 1 (patient bundles in parallel; shared bundles always go first, one at a time)
 * </pre>
 *
 * Every failure (non-2xx, a batch entry that failed, a time-out) ends the program with exit code 1.
 */
public final class FhirBench {

	private FhirBench() {}

	public static void main(String[] argv) throws Exception {
		if (argv.length == 0 || argv[0].equals("-h") || argv[0].equals("--help")) {
			usage();
			return;
		}
		Args args = new Args(Arrays.copyOfRange(argv, 1, argv.length));
		try {
			switch (argv[0]) {
				case "ingest" -> new Bench(args).ingest();
				case "read" -> new Bench(args).read();
				case "search" -> new Bench(args).search();
				case "all" -> {
					Bench bench = new Bench(args);
					bench.ingest();
					bench.read();
					bench.search();
				}
				case "report" -> Report.run(args);
				default -> throw new BenchFailure("unknown command " + argv[0]);
			}
		} catch (BenchFailure e) {
			System.err.println("FhirBench FAILED: " + e.getMessage());
			System.exit(1);
		}
	}

	private static void usage() {
		System.out.println("""
				usage: java FhirBench.java COMMAND [options]
				  ingest --base URL --dir DIR     post Synthea bundles (hospital/practitioner first), resources/s
				  read   --base URL               GET Patient/{id} and Observation/{id}; requests/s, p50, p99
				  search --base URL               GET Observation?patient=X&category=laboratory; requests/s, p50, p99
				  all    --base URL --dir DIR     ingest, read, search
				  report --results DIR --md FILE  print the run's table and put it into RESULTS.md (history kept)
				options: --header "Name: value" (repeatable)  --out FILE (appends key=value lines)
				         --server-pid PID [--clk-tck 100]: also the server's CPU time per request (from /proc)
				         --threads 8 --warmup 5 --duration 20 --max-requests 100000 --ids 1000 --timeout 30
				         --ingest-threads 1 --label TEXT (prefix of printed lines)""");
	}

	/** A failure of the server or of the run: the harness stops with exit code 1. */
	static final class BenchFailure extends RuntimeException {
		BenchFailure(String message) {
			super(message);
		}
	}

	// ------------------------------------------------------------------------------------------------ arguments

	static final class Args {
		final Map<String, List<String>> values = new LinkedHashMap<>();

		Args(String[] argv) {
			for (int i = 0; i < argv.length; i++) {
				String a = argv[i];
				if (!a.startsWith("--")) {
					throw new BenchFailure("unexpected argument " + a);
				}
				String key = a.substring(2);
				String value;
				int eq = key.indexOf('=');
				if (eq >= 0) {
					value = key.substring(eq + 1);
					key = key.substring(0, eq);
				} else {
					if (i + 1 >= argv.length) {
						throw new BenchFailure("option --" + key + " needs a value");
					}
					value = argv[++i];
				}
				values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
			}
		}

		String get(String key, String def) {
			List<String> v = values.get(key);
			return v == null ? def : v.get(v.size() - 1);
		}

		String require(String key) {
			String v = get(key, null);
			if (v == null) {
				throw new BenchFailure("option --" + key + " is required");
			}
			return v;
		}

		int getInt(String key, int def) {
			String v = get(key, null);
			try {
				return v == null ? def : Integer.parseInt(v);
			} catch (NumberFormatException e) {
				throw new BenchFailure("option --" + key + " wants a whole number, got " + v);
			}
		}

		List<String> all(String key) {
			return values.getOrDefault(key, List.of());
		}
	}

	// ------------------------------------------------------------------------------------------------ the bench

	static final class Bench {
		private final String base;
		private final List<String[]> headers = new ArrayList<>();
		private final HttpClient client;
		private final Path out;
		private final String label;
		private final int threads;
		private final int warmupSeconds;
		private final int durationSeconds;
		private final int maxRequests;
		private final int maxIds;
		private final Duration timeout;
		private final Args args;
		private final long serverPid;
		private final int clockTicks;

		Bench(Args args) {
			this.args = args;
			String b = args.require("base");
			this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
			for (String h : args.all("header")) {
				int colon = h.indexOf(':');
				if (colon <= 0) {
					throw new BenchFailure("--header wants \"Name: value\", got " + h);
				}
				headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
			}
			String o = args.get("out", null);
			this.out = o == null ? null : Path.of(o);
			this.label = args.get("label", "");
			this.threads = args.getInt("threads", 8);
			this.warmupSeconds = args.getInt("warmup", 5);
			this.durationSeconds = args.getInt("duration", 20);
			this.maxRequests = args.getInt("max-requests", 100_000);
			this.maxIds = args.getInt("ids", 1000);
			this.timeout = Duration.ofSeconds(args.getInt("timeout", 30));
			this.serverPid = args.getInt("server-pid", -1);
			this.clockTicks = args.getInt("clk-tck", 100);
			if (threads < 1 || durationSeconds < 1 || warmupSeconds < 0 || maxRequests < 1 || maxIds < 1) {
				throw new BenchFailure("--threads, --duration, --max-requests, --ids must be positive, --warmup >= 0");
			}
			this.client = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(10))
					.build();
		}

		/**
		 * CPU seconds (user + system) the server process has used so far, from /proc/PID/stat, or -1 without
		 * --server-pid or /proc. Less sensitive to other load on a shared machine than wall-clock figures.
		 */
		private double serverCpuSeconds() {
			if (serverPid <= 0) {
				return -1;
			}
			try {
				String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
				String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clockTicks;
			} catch (IOException | RuntimeException e) {
				return -1;
			}
		}

		private void putCpu(Map<String, String> r, String prefix, double cpu0, double cpu1, long units,
				String unit, double wallSeconds) {
			if (cpu0 < 0 || cpu1 < 0 || units == 0) {
				return;
			}
			double cpu = cpu1 - cpu0;
			r.put(prefix + ".server_cpu_s", fmt(cpu));
			r.put(prefix + ".server_cpu_ms_per_" + unit, String.format(Locale.ROOT, "%.3f", cpu * 1000 / units));
			r.put(prefix + ".server_cores_busy", fmt(cpu / wallSeconds));
			print(String.format(Locale.ROOT, "%s: server used %.1f CPU s = %.3f CPU ms per %s (%.2f cores busy)",
					prefix, cpu, cpu * 1000 / units, unit, cpu / wallSeconds));
		}

		private HttpRequest.Builder request(String url) {
			HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json");
			for (String[] h : headers) {
				b.header(h[0], h[1]);
			}
			return b;
		}

		private void print(String line) {
			System.out.println((label.isEmpty() ? "" : "[" + label + "] ") + line);
		}

		private void record(Map<String, String> results) {
			if (out == null) {
				return;
			}
			StringBuilder sb = new StringBuilder();
			results.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
			try {
				if (out.getParent() != null) {
					Files.createDirectories(out.getParent());
				}
				Files.writeString(out, sb.toString(), StandardCharsets.UTF_8,
						java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		// -------------------------------------------------------------------------------------------- ingestion

		void ingest() throws Exception {
			Path dir = Path.of(args.require("dir"));
			if (Files.isDirectory(dir.resolve("fhir"))) {
				dir = dir.resolve("fhir");
			}
			List<Path> shared = new ArrayList<>();
			List<Path> patients = new ArrayList<>();
			try (Stream<Path> files = Files.list(dir)) {
				for (Path p : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
					String name = p.getFileName().toString();
					if (name.startsWith("hospitalInformation")) {
						shared.add(0, p);
					} else if (name.startsWith("practitionerInformation")) {
						shared.add(p);
					} else {
						patients.add(p);
					}
				}
			}
			// hospitals (Organization, Location) before practitioners (Practitioner, PractitionerRole → Organization)
			shared.sort((a, b) -> Boolean.compare(
					!a.getFileName().toString().startsWith("hospital"), !b.getFileName().toString().startsWith("hospital")));
			if (patients.isEmpty()) {
				throw new BenchFailure("no patient bundles (*.json) in " + dir);
			}
			int ingestThreads = args.getInt("ingest-threads", 1);
			Duration bundleTimeout = Duration.ofSeconds(args.getInt("bundle-timeout", 900));
			print("ingest: " + shared.size() + " shared bundle(s), " + patients.size() + " patient bundle(s) into " + base);

			// Count and check every bundle before the clock starts, so client-side parsing is not timed.
			for (Path p : shared) {
				scan(p);
			}
			for (Path p : patients) {
				scan(p);
			}
			AtomicLong resources = new AtomicLong();
			AtomicLong bytes = new AtomicLong();
			double cpu0 = serverCpuSeconds();
			long start = System.nanoTime();
			for (Path p : shared) {
				post(p, bundleTimeout, resources, bytes);
			}
			long sharedNanos = System.nanoTime() - start;
			long sharedResources = resources.get();
			long patientStart = System.nanoTime();
			List<Long> bundleMillis = new ArrayList<>();
			if (ingestThreads <= 1) {
				for (Path p : patients) {
					bundleMillis.add(post(p, bundleTimeout, resources, bytes));
				}
			} else {
				var pool = java.util.concurrent.Executors.newFixedThreadPool(ingestThreads);
				try {
					List<java.util.concurrent.Future<Long>> futures = new ArrayList<>();
					for (Path p : patients) {
						futures.add(pool.submit(() -> post(p, bundleTimeout, resources, bytes)));
					}
					for (var f : futures) {
						try {
							bundleMillis.add(f.get());
						} catch (java.util.concurrent.ExecutionException e) {
							pool.shutdownNow();
							if (e.getCause() instanceof BenchFailure bf) {
								throw bf;
							}
							throw e;
						}
					}
				} finally {
					pool.shutdownNow();
				}
			}
			long end = System.nanoTime();
			double cpu1 = serverCpuSeconds();
			double seconds = (end - start) / 1e9;
			double patientSeconds = (end - patientStart) / 1e9;
			long patientResources = resources.get() - sharedResources;
			Map<String, String> r = new LinkedHashMap<>();
			r.put("ingest.bundles", String.valueOf(shared.size() + patients.size()));
			r.put("ingest.resources", String.valueOf(resources.get()));
			r.put("ingest.megabytes", fmt(bytes.get() / 1e6));
			r.put("ingest.seconds", fmt(seconds));
			r.put("ingest.resources_per_s", fmt(resources.get() / seconds));
			r.put("ingest.shared_seconds", fmt(sharedNanos / 1e9));
			r.put("ingest.patient_resources_per_s", fmt(patientResources / patientSeconds));
			r.put("ingest.slowest_bundle_s", fmt(bundleMillis.stream().mapToLong(Long::longValue).max().orElse(0) / 1e3));
			r.put("ingest.threads", String.valueOf(ingestThreads));
			print(String.format(Locale.ROOT, "ingest: %d resources in %d bundles (%.1f MB) in %.1f s = %.1f resources/s"
							+ " (shared bundles %.1f s; patient bundles %.1f resources/s)",
					resources.get(), shared.size() + patients.size(), bytes.get() / 1e6, seconds,
					resources.get() / seconds, sharedNanos / 1e9, patientResources / patientSeconds));
			putCpu(r, "ingest", cpu0, cpu1, resources.get(), "resource", seconds);
			record(r);
		}

		private final Map<Path, Integer> entryCounts = new java.util.concurrent.ConcurrentHashMap<>();

		private void scan(Path file) throws IOException {
			Object parsed = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
			String type = Json.str(parsed, "type");
			if (!"transaction".equals(type) && !"batch".equals(type)) {
				throw new BenchFailure(file + " is not a transaction or batch bundle (type " + type + ")");
			}
			entryCounts.put(file, Json.list(parsed, "entry").size());
		}

		/** Posts one bundle; returns its duration in ms. */
		private long post(Path file, Duration bundleTimeout, AtomicLong resources, AtomicLong bytes)
				throws IOException, InterruptedException {
			byte[] body = Files.readAllBytes(file);
			int entries = entryCounts.get(file);
			HttpRequest req = request(base)
					.timeout(bundleTimeout)
					.header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build();
			long t0 = System.nanoTime();
			HttpResponse<String> resp;
			try {
				resp = client.send(req, HttpResponse.BodyHandlers.ofString());
			} catch (java.net.http.HttpTimeoutException e) {
				throw new BenchFailure("POST " + file.getFileName() + " timed out after " + bundleTimeout.toSeconds() + " s");
			} catch (IOException e) {
				throw new BenchFailure("POST " + file.getFileName() + " to " + base + " failed: " + e);
			}
			long millis = (System.nanoTime() - t0) / 1_000_000;
			if (resp.statusCode() / 100 != 2) {
				throw new BenchFailure("POST " + file.getFileName() + " -> HTTP " + resp.statusCode() + ": "
						+ snippet(resp.body()));
			}
			// A batch answers 200 even when entries fail: each entry's response.status must be 2xx too.
			List<Object> answers = Json.list(Json.parse(resp.body()), "entry");
			if (answers.size() != entries) {
				throw new BenchFailure("POST " + file.getFileName() + ": " + entries + " entries sent, "
						+ answers.size() + " answered");
			}
			for (int i = 0; i < answers.size(); i++) {
				String status = Json.str(Json.get(answers.get(i), "response"), "status");
				if (status == null || !status.startsWith("2")) {
					throw new BenchFailure("POST " + file.getFileName() + ": entry " + i + " answered " + status + ": "
							+ snippet(Json.write(Json.get(answers.get(i), "response"))));
				}
			}
			resources.addAndGet(entries);
			bytes.addAndGet(body.length);
			print(String.format(Locale.ROOT, "  %-70s %5d entries %6.1f MB %7.2f s", file.getFileName(),
					entries, body.length / 1e6, millis / 1e3));
			return millis;
		}

		// -------------------------------------------------------------------------------------------- read & search

		void read() throws Exception {
			List<String> patients = harvest("Patient");
			List<String> observations = harvest("Observation");
			IntFunction<String> urls = i -> (i % 2 == 0)
					? base + "/Patient/" + patients.get((i / 2) % patients.size())
					: base + "/Observation/" + observations.get((i / 2) % observations.size());
			load("read", "GET Patient/{id} and Observation/{id} (" + patients.size() + " + " + observations.size()
					+ " ids)", urls);
		}

		void search() throws Exception {
			List<String> patients = harvest("Patient");
			IntFunction<String> urls = i -> base + "/Observation?patient="
					+ URLEncoder.encode(patients.get(i % patients.size()), StandardCharsets.UTF_8)
					+ "&category=laboratory";
			load("search", "GET Observation?patient=X&category=laboratory (" + patients.size() + " patients)", urls);
		}

		private final Map<String, List<String>> harvested = new TreeMap<>();

		/** Ids of up to --ids resources of a type, in the server's order, following next links. */
		private List<String> harvest(String type) throws IOException, InterruptedException {
			List<String> cached = harvested.get(type);
			if (cached != null) {
				return cached;
			}
			List<String> ids = new ArrayList<>();
			String url = base + "/" + type + "?_elements=id&_count=" + Math.min(maxIds, 500);
			int pages = 0;
			while (url != null && ids.size() < maxIds && pages++ < 100) {
				HttpResponse<String> resp;
				try {
					resp = client.send(request(url).timeout(Duration.ofSeconds(120)).GET().build(),
							HttpResponse.BodyHandlers.ofString());
				} catch (IOException e) {
					throw new BenchFailure("GET " + url + " failed: " + e);
				}
				if (resp.statusCode() != 200) {
					throw new BenchFailure("GET " + url + " -> HTTP " + resp.statusCode() + ": " + snippet(resp.body()));
				}
				Object bundle = Json.parse(resp.body());
				for (Object e : Json.list(bundle, "entry")) {
					String id = Json.str(Json.get(e, "resource"), "id");
					if (id != null && ids.size() < maxIds) {
						ids.add(id);
					}
				}
				url = null;
				for (Object link : Json.list(bundle, "link")) {
					if ("next".equals(Json.str(link, "relation"))) {
						url = Json.str(link, "url");
					}
				}
			}
			if (ids.isEmpty()) {
				throw new BenchFailure("no " + type + " on " + base + ": ingest first");
			}
			harvested.put(type, ids);
			return ids;
		}

		private void load(String name, String what, IntFunction<String> urls) throws Exception {
			print(name + ": " + what + ", " + threads + " threads, warm-up " + warmupSeconds + " s, then "
					+ durationSeconds + " s or " + maxRequests + " requests");
			if (warmupSeconds > 0) {
				Phase warm = run(urls, warmupSeconds, maxRequests, 0);
				print(String.format(Locale.ROOT, "%s warm-up: %d requests, %.1f req/s", name, warm.count,
						warm.count / warm.seconds));
			}
			// the measured phase starts further along the id list, so it does not only re-read the warm-up's ids
			double cpu0 = serverCpuSeconds();
			Phase p = run(urls, durationSeconds, maxRequests, 1_000_003);
			double cpu1 = serverCpuSeconds();
			long[] lat = p.latencies;
			Arrays.sort(lat);
			Map<String, String> r = new LinkedHashMap<>();
			r.put(name + ".requests", String.valueOf(p.count));
			r.put(name + ".seconds", fmt(p.seconds));
			r.put(name + ".requests_per_s", fmt(p.count / p.seconds));
			r.put(name + ".p50_ms", fmt(percentile(lat, 50) / 1e6));
			r.put(name + ".p99_ms", fmt(percentile(lat, 99) / 1e6));
			r.put(name + ".max_ms", fmt(lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6));
			r.put(name + ".threads", String.valueOf(threads));
			if (p.entries > 0 || name.equals("search")) {
				r.put(name + ".mean_entries", fmt(p.count == 0 ? 0 : p.entries / (double) p.count));
				print(String.format(Locale.ROOT, "%s: %.1f entries per answer on average", name,
						p.count == 0 ? 0 : p.entries / (double) p.count));
				if (p.entries == 0) {
					print("WARNING: every " + name + " answer was empty: the figures measure empty searches");
				}
			}
			print(String.format(Locale.ROOT, "%s: %d requests in %.1f s = %.1f req/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms",
					name, p.count, p.seconds, p.count / p.seconds, percentile(lat, 50) / 1e6,
					percentile(lat, 99) / 1e6, lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6));
			putCpu(r, name, cpu0, cpu1, p.count, "request", p.seconds);
			record(r);
		}

		/** count requests in seconds; entries = bundle entries in all answers (0 for reads). */
		record Phase(long count, double seconds, long[] latencies, long entries) {}

		/** Fixed concurrency: each thread sends one request after the other until the time or the count is spent. */
		private Phase run(IntFunction<String> urls, int seconds, int max, int offset) throws Exception {
			AtomicLong issued = new AtomicLong();
			AtomicLong entries = new AtomicLong();
			long start = System.nanoTime();
			long deadline = start + seconds * 1_000_000_000L;
			long[][] perThread = new long[threads][];
			int[] counts = new int[threads];
			String[] failure = new String[1];
			Thread[] workers = new Thread[threads];
			for (int t = 0; t < threads; t++) {
				final int tn = t;
				workers[t] = new Thread(() -> {
					long[] lat = new long[1024];
					int n = 0;
					while (failure[0] == null && System.nanoTime() < deadline) {
						long i = issued.getAndIncrement();
						if (i >= max) {
							break;
						}
						String url = urls.apply((int) ((i + offset) % Integer.MAX_VALUE));
						long t0 = System.nanoTime();
						try {
							HttpResponse<InputStream> resp = client.send(request(url).timeout(timeout).GET().build(),
									HttpResponse.BodyHandlers.ofInputStream());
							byte[] body;
							try (InputStream in = resp.body()) {
								body = in.readAllBytes();
							}
							long dt = System.nanoTime() - t0;
							if (resp.statusCode() != 200 || indexOf(body, RESOURCE_TYPE, 0) < 0) {
								synchronized (failure) {
									if (failure[0] == null) {
										failure[0] = "GET " + url + " -> HTTP " + resp.statusCode() + ": "
												+ snippet(new String(body, StandardCharsets.UTF_8));
									}
								}
								break;
							}
							entries.addAndGet(count(body, FULL_URL));
							if (n == lat.length) {
								lat = Arrays.copyOf(lat, n * 2);
							}
							lat[n++] = dt;
						} catch (IOException | InterruptedException e) {
							synchronized (failure) {
								if (failure[0] == null) {
									failure[0] = "GET " + url + " failed: " + e;
								}
							}
							break;
						}
					}
					perThread[tn] = lat;
					counts[tn] = n;
				}, "bench-" + t);
				workers[t].start();
			}
			for (Thread w : workers) {
				w.join();
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			if (failure[0] != null) {
				throw new BenchFailure(failure[0]);
			}
			int total = Arrays.stream(counts).sum();
			long[] all = new long[total];
			int pos = 0;
			for (int t = 0; t < threads; t++) {
				System.arraycopy(perThread[t], 0, all, pos, counts[t]);
				pos += counts[t];
			}
			return new Phase(total, elapsed, all, entries.get());
		}
	}

	static final byte[] RESOURCE_TYPE = "\"resourceType\"".getBytes(StandardCharsets.US_ASCII);
	static final byte[] FULL_URL = "\"fullUrl\"".getBytes(StandardCharsets.US_ASCII);

	static int indexOf(byte[] hay, byte[] needle, int from) {
		outer:
		for (int i = from; i <= hay.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (hay[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	static int count(byte[] hay, byte[] needle) {
		int n = 0;
		for (int i = indexOf(hay, needle, 0); i >= 0; i = indexOf(hay, needle, i + needle.length)) {
			n++;
		}
		return n;
	}

	/** Nearest-rank percentile of sorted values. */
	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static String fmt(double v) {
		return String.format(Locale.ROOT, "%.2f", v);
	}

	static String snippet(String s) {
		if (s == null) {
			return "";
		}
		s = s.replaceAll("\\s+", " ");
		return s.length() > 600 ? s.substring(0, 600) + "..." : s;
	}

	// ------------------------------------------------------------------------------------------------ report

	/**
	 * Reads a run directory (meta.properties and one DB-CONFIG.properties per server run), prints the table and
	 * writes the run at the top of RESULTS.md, moving the previous latest run under "History".
	 */
	static final class Report {
		/** metric key, heading, higher-is-better. */
		static final String[][] METRICS = {
			{"startup_empty_s", "start-up, empty DB (s)", "low"},
			{"startup_loaded_s", "start-up, loaded DB (s)", "low"},
			{"ingest.resources_per_s", "ingestion (resources/s)", "high"},
			{"read.requests_per_s", "read (req/s)", "high"},
			{"read.p50_ms", "read p50 (ms)", "low"},
			{"read.p99_ms", "read p99 (ms)", "low"},
			{"search.requests_per_s", "search (req/s)", "high"},
			{"search.p50_ms", "search p50 (ms)", "low"},
			{"search.p99_ms", "search p99 (ms)", "low"},
			{"startup_empty_cpu_s", "start-up CPU, empty DB (s)", "low"},
			{"startup_loaded_cpu_s", "start-up CPU, loaded DB (s)", "low"},
			{"ingest.server_cpu_ms_per_resource", "ingestion server CPU (ms/resource)", "low"},
			{"read.server_cpu_ms_per_request", "read server CPU (ms/request)", "low"},
			{"search.server_cpu_ms_per_request", "search server CPU (ms/request)", "low"},
		};

		static void run(Args args) throws IOException {
			Path dir = Path.of(args.require("results"));
			Properties meta = load(dir.resolve("meta.properties"));
			Map<String, Map<String, Properties>> byDb = new TreeMap<>();
			Map<String, Map<String, Map<Integer, Properties>>> roundsByDb = new TreeMap<>();
			try (Stream<Path> files = Files.list(dir)) {
				for (Path p : files.sorted().toList()) {
					String n = p.getFileName().toString();
					if (!n.endsWith(".properties") || n.equals("meta.properties") || !n.contains("-")) {
						continue;
					}
					String stem = n.substring(0, n.length() - ".properties".length());
					String db = stem.substring(0, stem.indexOf('-'));
					String config = stem.substring(stem.indexOf('-') + 1);
					Matcher round = ROUND.matcher(config);
					if (round.matches()) {
						roundsByDb.computeIfAbsent(db, k -> new TreeMap<>()).computeIfAbsent(round.group(1), k -> new TreeMap<>())
								.put(Integer.parseInt(round.group(2)), load(p));
					} else {
						byDb.computeIfAbsent(db, k -> new TreeMap<>()).put(config, load(p));
					}
				}
			}
			roundsByDb.forEach((db, rounds) -> rounds.forEach((config, byRound) ->
					byDb.computeIfAbsent(db, k -> new TreeMap<>()).computeIfAbsent(config, k -> new Properties()).putAll(medians(byRound))));
			if (byDb.isEmpty()) {
				throw new BenchFailure("no DB-CONFIG.properties in " + dir);
			}
			StringBuilder md = new StringBuilder();
			md.append("### Run of ").append(meta.getProperty("date", "?")).append("\n\n");
			md.append("| | |\n| --- | --- |\n");
			row(md, "command", "`" + meta.getProperty("command", "?") + "`");
			row(md, "git commit", meta.getProperty("git_commit", "?"));
			row(md, "server jar", meta.getProperty("jar", "?"));
			row(md, "machine", meta.getProperty("machine", "?"));
			row(md, "java", meta.getProperty("java", "?"));
			row(md, "load average (1/5/15 min)", "at start " + meta.getProperty("loadavg_start", "?") + "; at end "
					+ meta.getProperty("loadavg_end", "?"));
			if (!meta.getProperty("note", "").isBlank()) {
				row(md, "note", meta.getProperty("note"));
			}
			row(md, "data", meta.getProperty("data", "?"));
			row(md, "wall time of the run", meta.getProperty("wall_seconds", "?") + " s");
			row(md, "load settings", meta.getProperty("settings", "?"));
			md.append('\n');
			for (var db : byDb.entrySet()) {
				Map<String, Properties> configs = db.getValue();
				List<String> names = new ArrayList<>(configs.keySet());
				names.sort(Comparator.comparingInt(Report::order).thenComparing(Comparator.naturalOrder()));
				List<String[]> ratios = RATIOS.stream()
						.filter(r -> configs.containsKey(r[0]) && configs.containsKey(r[1]))
						.toList();
				md.append("#### ").append(db.getKey().equals("h2") ? "H2 (embedded file database)"
						: db.getKey().equals("postgres") ? "PostgreSQL" : db.getKey()).append("\n\n");
				md.append("| figure |");
				names.forEach(n -> md.append(' ').append(n).append(" |"));
				ratios.forEach(r -> md.append(' ').append(r[0]).append('/').append(r[1]).append(" |"));
				md.append("\n| --- |");
				names.forEach(n -> md.append(" ---: |"));
				ratios.forEach(r -> md.append(" ---: |"));
				md.append('\n');
				for (String[] m : METRICS) {
					if (names.stream().noneMatch(n -> configs.get(n).containsKey(m[0]))) {
						continue;
					}
					md.append("| ").append(m[1]).append(" |");
					for (String n : names) {
						md.append(' ').append(configs.get(n).getProperty(m[0], "–")).append(" |");
					}
					Map<String, Map<Integer, Properties>> rounds = roundsByDb.getOrDefault(db.getKey(), Map.of());
					for (String[] r : ratios) {
						String value = rounds.containsKey(r[0]) && rounds.containsKey(r[1]) && inRounds(rounds.get(r[0]), m[0])
								? medianRatio(rounds.get(r[0]), rounds.get(r[1]), m[0])
								: ratio(configs.get(r[0]).getProperty(m[0]), configs.get(r[1]).getProperty(m[0]));
						md.append(' ').append(value).append(" |");
					}
					md.append('\n');
				}
				Map<String, Map<Integer, Properties>> rounds = roundsByDb.getOrDefault(db.getKey(), Map.of());
				if (!rounds.isEmpty()) {
					md.append("\nInterleaved rounds: the figures of read and search are medians over the rounds, and their ratios the")
							.append(" medians of the ratios within each round. Read and search throughput per round:\n\n");
					for (String n : names) {
						if (rounds.containsKey(n)) {
							md.append("- ").append(n).append(": read ").append(series(rounds.get(n), "read.requests_per_s"))
									.append("; search ").append(series(rounds.get(n), "search.requests_per_s")).append('\n');
						}
					}
					for (String[] r : ratios) {
						if (rounds.containsKey(r[0]) && rounds.containsKey(r[1])) {
							md.append("- ").append(r[0]).append('/').append(r[1]).append(": read ")
									.append(ratioSeries(rounds.get(r[0]), rounds.get(r[1]), "read.requests_per_s")).append("; search ")
									.append(ratioSeries(rounds.get(r[0]), rounds.get(r[1]), "search.requests_per_s")).append('\n');
						}
					}
				}
				String extra = names.stream().map(n -> n + ": " + configs.get(n).getProperty("ingest.resources", "?")
								+ " resources in " + configs.get(n).getProperty("ingest.seconds", "?") + " s, "
								+ configs.get(n).getProperty("read.requests", "?") + " reads, "
								+ configs.get(n).getProperty("search.requests", "?") + " searches, load average "
								+ configs.get(n).getProperty("loadavg_start", "?") + " → "
								+ configs.get(n).getProperty("loadavg_end", "?"))
						.collect(Collectors.joining("; "));
				md.append("\n").append(extra).append("\n\n");
			}
			String section = md.toString();
			System.out.println(section);
			String mdPath = args.get("md", null);
			if (mdPath != null) {
				writeResults(Path.of(mdPath), section);
				System.out.println("wrote " + mdPath);
			}
		}

		/** Configurations in the order of their columns: plain HAPI first, the full portal last. */
		static final List<String> ORDER = List.of("baseline", "no-access-audit", "no-audit", "no-access", "portal");

		/**
		 * The ratio columns, where both configurations ran: the brief's comparison with plain HAPI, then the issues'
		 * own (issue 4: access control on vs off; issue 5: access control and audit on vs both off).
		 */
		static final List<String[]> RATIOS = List.of(
				new String[] {"portal", "baseline"},
				new String[] {"portal", "no-access-audit"},
				new String[] {"portal", "no-access"},
				new String[] {"portal", "no-audit"});

		static int order(String config) {
			int i = ORDER.indexOf(config);
			return i < 0 ? ORDER.size() : i;
		}

		static final Pattern ROUND = Pattern.compile("(.+)-r(\\d+)");

		/** Per key, the median of the numeric values over the rounds. */
		static Properties medians(Map<Integer, Properties> byRound) {
			Map<String, List<Double>> values = new TreeMap<>();
			byRound.values().forEach(p -> p.stringPropertyNames().forEach(k -> number(p.getProperty(k))
					.ifPresent(v -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v))));
			Properties medians = new Properties();
			values.forEach((k, v) -> medians.setProperty(k, String.format(Locale.ROOT, k.contains("cpu_ms") ? "%.3f" : "%.2f", median(v))));
			return medians;
		}

		static boolean inRounds(Map<Integer, Properties> byRound, String key) {
			return byRound.values().stream().anyMatch(p -> p.containsKey(key));
		}

		/** The median, over the rounds both ran, of a/b within each round. */
		static String medianRatio(Map<Integer, Properties> a, Map<Integer, Properties> b, String key) {
			List<Double> ratios = roundRatios(a, b, key);
			return ratios.isEmpty() ? "–" : String.format(Locale.ROOT, "%.2f", median(ratios));
		}

		static List<Double> roundRatios(Map<Integer, Properties> a, Map<Integer, Properties> b, String key) {
			List<Double> ratios = new ArrayList<>();
			a.forEach((round, pa) -> {
				Properties pb = b.get(round);
				if (pb != null) {
					number(pa.getProperty(key)).ifPresent(x -> number(pb.getProperty(key))
							.filter(y -> y != 0).ifPresent(y -> ratios.add(x / y)));
				}
			});
			return ratios;
		}

		static String series(Map<Integer, Properties> byRound, String key) {
			return byRound.values().stream().map(p -> p.getProperty(key, "–")).collect(Collectors.joining(", "));
		}

		static String ratioSeries(Map<Integer, Properties> a, Map<Integer, Properties> b, String key) {
			return roundRatios(a, b, key).stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(", "));
		}

		static java.util.Optional<Double> number(String value) {
			try {
				return value == null ? java.util.Optional.empty() : java.util.Optional.of(Double.parseDouble(value));
			} catch (NumberFormatException e) {
				return java.util.Optional.empty();
			}
		}

		static double median(List<Double> values) {
			List<Double> sorted = values.stream().sorted().toList();
			int n = sorted.size();
			return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		}

		static String ratio(String portal, String baseline) {
			try {
				double p = Double.parseDouble(portal);
				double b = Double.parseDouble(baseline);
				return b == 0 ? "–" : String.format(Locale.ROOT, "%.2f", p / b);
			} catch (NullPointerException | NumberFormatException e) {
				return "–";
			}
		}

		static void row(StringBuilder md, String k, String v) {
			md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
		}

		static Properties load(Path p) throws IOException {
			Properties props = new Properties();
			if (Files.exists(p)) {
				try (var r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
					props.load(r);
				}
			}
			return props;
		}

		static final String LATEST = "## Latest run";
		static final String HISTORY = "## History";

		static void writeResults(Path md, String section) throws IOException {
			String oldLatest = "";
			String oldHistory = "";
			String tokenSection = ""; // written by TokenBench (bench/token-bench.sh), kept as it is
			if (Files.exists(md)) {
				String text = Files.readString(md, StandardCharsets.UTF_8);
				int t = text.indexOf("## Token endpoint");
				if (t >= 0 && text.indexOf(LATEST) > t) {
					tokenSection = text.substring(t, text.indexOf(LATEST)).strip();
				}
				int l = text.indexOf(LATEST);
				int h = text.indexOf(HISTORY);
				if (l >= 0) {
					oldLatest = text.substring(l + LATEST.length(), h > l ? h : text.length()).strip();
				}
				if (h >= 0) {
					oldHistory = text.substring(h + HISTORY.length()).strip();
				}
			}
			StringBuilder sb = new StringBuilder();
			sb.append("# Benchmark results\n\n");
			sb.append("Written by `bench/run.sh` (see `bench/README.md` for what each figure means). Each run compares\n");
			sb.append("the portal server (default profile) with the plain HAPI FHIR baseline (profile `baseline`: every\n");
			sb.append("portal feature off) on the same machine in one run. Ratios are portal/baseline (and, where a run\n");
			sb.append("includes them, portal/no-access for issue 4 and portal/no-access-audit for issue 5): above 1 means the\n");
			sb.append("portal is faster for throughput (req/s, resources/s) and slower or costlier for times and CPU\n");
			sb.append("(start-up, p50, p99, server CPU per request).\n");
			sb.append("The machine is shared: compare runs only with their load average in mind.\n\n");
			if (!tokenSection.isEmpty()) {
				sb.append(tokenSection).append("\n\n");
			}
			sb.append(LATEST).append("\n\n").append(section.strip()).append("\n\n");
			sb.append(HISTORY).append("\n\n");
			sb.append("Earlier runs, newest first.\n\n");
			String history = oldHistory.replaceFirst("^Earlier runs, newest first\\.\\s*", "");
			if (!oldLatest.isEmpty()) {
				sb.append(oldLatest).append("\n\n");
			}
			if (!history.isBlank()) {
				sb.append(history.strip()).append("\n");
			}
			Files.writeString(md, sb.toString().strip() + "\n", StandardCharsets.UTF_8);
		}
	}

	// ------------------------------------------------------------------------------------------------ JSON

	/** Just enough JSON: objects (LinkedHashMap), arrays (ArrayList), strings, numbers (as text), booleans, null. */
	static final class Json {
		private final String s;
		private int i;

		private Json(String s) {
			this.s = s;
		}

		static Object parse(String text) {
			Json j = new Json(text);
			j.ws();
			Object v = j.value();
			j.ws();
			if (j.i != text.length()) {
				throw j.error("trailing characters");
			}
			return v;
		}

		static Object get(Object o, String key) {
			return o instanceof Map<?, ?> m ? m.get(key) : null;
		}

		static String str(Object o, String key) {
			return get(o, key) instanceof String v ? v : null;
		}

		@SuppressWarnings("unchecked")
		static List<Object> list(Object o, String key) {
			return get(o, key) instanceof List<?> l ? (List<Object>) l : List.of();
		}

		static String write(Object o) {
			if (o == null) {
				return "null";
			}
			if (o instanceof String str) {
				return '"' + str.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
			}
			if (o instanceof Map<?, ?> m) {
				return m.entrySet().stream().map(e -> write(e.getKey()) + ":" + write(e.getValue()))
						.collect(Collectors.joining(",", "{", "}"));
			}
			if (o instanceof List<?> l) {
				return l.stream().map(Json::write).collect(Collectors.joining(",", "[", "]"));
			}
			return o.toString();
		}

		private RuntimeException error(String what) {
			return new BenchFailure("bad JSON at " + i + ": " + what);
		}

		private void ws() {
			while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
				i++;
			}
		}

		private Object value() {
			if (i >= s.length()) {
				throw error("unexpected end");
			}
			char c = s.charAt(i);
			switch (c) {
				case '{' -> {
					i++;
					Map<String, Object> m = new LinkedHashMap<>();
					ws();
					if (s.charAt(i) == '}') {
						i++;
						return m;
					}
					while (true) {
						ws();
						String k = string();
						ws();
						expect(':');
						ws();
						m.put(k, value());
						ws();
						if (s.charAt(i) == ',') {
							i++;
						} else {
							expect('}');
							return m;
						}
					}
				}
				case '[' -> {
					i++;
					List<Object> l = new ArrayList<>();
					ws();
					if (s.charAt(i) == ']') {
						i++;
						return l;
					}
					while (true) {
						ws();
						l.add(value());
						ws();
						if (s.charAt(i) == ',') {
							i++;
						} else {
							expect(']');
							return l;
						}
					}
				}
				case '"' -> {
					return string();
				}
				default -> {
					int start = i;
					while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
						i++;
					}
					String word = s.substring(start, i);
					return switch (word) {
						case "true" -> Boolean.TRUE;
						case "false" -> Boolean.FALSE;
						case "null" -> null;
						default -> {
							if (word.isEmpty()) {
								throw error("unexpected character " + c);
							}
							yield word;
						}
					};
				}
			}
		}

		private void expect(char c) {
			if (i >= s.length() || s.charAt(i) != c) {
				throw error("expected " + c);
			}
			i++;
		}

		private String string() {
			expect('"');
			StringBuilder sb = null;
			int start = i;
			while (true) {
				if (i >= s.length()) {
					throw error("unterminated string");
				}
				char c = s.charAt(i);
				if (c == '"') {
					String r = sb == null ? s.substring(start, i) : sb.append(s, start, i).toString();
					i++;
					return r;
				}
				if (c == '\\') {
					if (sb == null) {
						sb = new StringBuilder();
					}
					sb.append(s, start, i);
					char e = s.charAt(i + 1);
					i += 2;
					switch (e) {
						case 'n' -> sb.append('\n');
						case 't' -> sb.append('\t');
						case 'r' -> sb.append('\r');
						case 'b' -> sb.append('\b');
						case 'f' -> sb.append('\f');
						case 'u' -> {
							sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
							i += 4;
						}
						default -> sb.append(e);
					}
					start = i;
				} else {
					i++;
				}
			}
		}
	}
}
