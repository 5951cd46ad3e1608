import java.io.IOException;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the token endpoint for client_credentials (SMART Backend Services with a client secret): N client
 * threads each send one token request after the other for a fixed time, after a warm-up; prints tokens/s, latency
 * percentiles and failures, and optionally writes them as properties. JDK only, so it runs with {@code java
 * TokenBench.java ...} or compiled by bench/token-bench.sh.
 *
 * <pre>
 * java bench/src/TokenBench.java --base http://127.0.0.1:8080 --client-id portal-admin --client-secret S \
 *     [--scope system/*.rs] [--threads 8] [--warmup 5] [--duration 20] [--out FILE.properties]
 *     [--md bench/RESULTS.md --title "Run of ..." --context "markdown lines"]
 * java bench/src/TokenBench.java --from FILE.properties --md bench/RESULTS.md [--title ...] [--context ...]
 * </pre>
 */
public final class TokenBench {

	public static void main(String[] argv) throws Exception {
		Map<String, String> args = parse(argv);
		if (args.containsKey("from")) {
			// only write RESULTS.md from the figures of an earlier run (bench/token-bench.sh adds server CPU first)
			java.util.Properties saved = new java.util.Properties();
			try (var in = Files.newBufferedReader(Path.of(args.get("from")))) {
				saved.load(in);
			}
			Map<String, String> figures = new LinkedHashMap<>();
			saved.stringPropertyNames().forEach(k -> figures.put(k, saved.getProperty(k)));
			writeSection(Path.of(require(args, "md")), args.getOrDefault("title", "Token endpoint"), args.getOrDefault("context", ""), figures);
			return;
		}
		String base = require(args, "base");
		String basic = "Basic " + Base64.getEncoder().encodeToString((enc(require(args, "client-id")) + ":" + enc(require(args, "client-secret")))
				.getBytes(StandardCharsets.UTF_8));
		String form = "grant_type=client_credentials&scope=" + enc(args.getOrDefault("scope", "system/*.rs"));
		int threads = Integer.parseInt(args.getOrDefault("threads", "8"));
		int warmup = Integer.parseInt(args.getOrDefault("warmup", "5"));
		int duration = Integer.parseInt(args.getOrDefault("duration", "20"));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
				.header("Authorization", basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build();
		HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (first.statusCode() != 200 || !first.body().contains("access_token")) {
			throw new IllegalStateException("the token endpoint refused the request: " + first.statusCode() + " " + first.body());
		}

		Phase warm = run(http, request, threads, warmup);
		Phase measured = run(http, request, threads, duration);

		Map<String, String> figures = new LinkedHashMap<>();
		figures.put("threads", String.valueOf(threads));
		figures.put("seconds", fmt(measured.seconds()));
		figures.put("tokens", String.valueOf(measured.ok()));
		figures.put("failures", String.valueOf(measured.failed()));
		figures.put("tokens_per_s", fmt(measured.ok() / measured.seconds()));
		figures.put("p50_ms", fmt(measured.percentile(0.50)));
		figures.put("p90_ms", fmt(measured.percentile(0.90)));
		figures.put("p99_ms", fmt(measured.percentile(0.99)));
		figures.put("warmup_tokens", String.valueOf(warm.ok()));
		figures.forEach((k, v) -> System.out.println(k + "=" + v));
		if (args.containsKey("out")) {
			StringBuilder out = new StringBuilder();
			figures.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
			Files.writeString(Path.of(args.get("out")), out.toString());
		}
		if (args.containsKey("md")) {
			writeSection(Path.of(args.get("md")), args.getOrDefault("title", "Token endpoint"), args.getOrDefault("context", ""), figures);
		}
		if (measured.failed() > 0) {
			System.exit(2);
		}
	}

	/** The token endpoint's section of RESULTS.md, above the latest FHIR run; the previous token run is replaced. */
	static final String SECTION = "## Token endpoint";

	private static void writeSection(Path md, String title, String context, Map<String, String> figures) throws IOException {
		StringBuilder section = new StringBuilder(SECTION).append("\n\n")
				.append("Written by `bench/token-bench.sh`: client_credentials token requests (client secret, HTTP Basic) against one\n")
				.append("server, fixed concurrency, after a warm-up. Only the latest run is kept here; the figures are for this machine.\n\n")
				.append("### ").append(title).append("\n\n");
		if (!context.isBlank()) {
			section.append(context.strip()).append("\n\n");
		}
		section.append("| figure | value |\n| --- | ---: |\n");
		section.append("| tokens/s | ").append(figures.get("tokens_per_s")).append(" |\n");
		section.append("| p50 (ms) | ").append(figures.get("p50_ms")).append(" |\n");
		section.append("| p90 (ms) | ").append(figures.get("p90_ms")).append(" |\n");
		section.append("| p99 (ms) | ").append(figures.get("p99_ms")).append(" |\n");
		section.append("| tokens in the measured phase | ").append(figures.get("tokens")).append(" |\n");
		section.append("| failures | ").append(figures.get("failures")).append(" |\n");
		section.append("| client threads | ").append(figures.get("threads")).append(" |\n");
		section.append("| measured seconds | ").append(figures.get("seconds")).append(" |\n\n");
		String text = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8) : "# Benchmark results\n\n";
		int at = text.indexOf(SECTION);
		if (at >= 0) {
			int next = text.indexOf("\n## ", at + SECTION.length());
			text = text.substring(0, at) + section + (next < 0 ? "" : text.substring(next + 1));
		} else {
			int latest = text.indexOf("## Latest run");
			text = latest < 0 ? text + "\n" + section : text.substring(0, latest) + section + text.substring(latest);
		}
		Files.writeString(md, text, StandardCharsets.UTF_8);
		System.out.println("wrote " + md);
	}

	record Phase(long ok, long failed, double seconds, long[] latenciesNanos) {
		double percentile(double p) {
			if (latenciesNanos.length == 0) {
				return Double.NaN;
			}
			long[] sorted = latenciesNanos.clone();
			java.util.Arrays.sort(sorted);
			return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
		}
	}

	private static Phase run(HttpClient http, HttpRequest request, int threads, int seconds) throws InterruptedException {
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<List<Long>> latencies = new ArrayList<>();
		CountDownLatch done = new CountDownLatch(threads);
		long start = System.nanoTime();
		long end = start + Duration.ofSeconds(seconds).toNanos();
		for (int t = 0; t < threads; t++) {
			List<Long> mine = new ArrayList<>();
			latencies.add(mine);
			new Thread(() -> {
				try {
					while (System.nanoTime() < end) {
						long t0 = System.nanoTime();
						try {
							HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
							if (response.statusCode() == 200) {
								ok.incrementAndGet();
								mine.add(System.nanoTime() - t0);
							} else {
								failed.incrementAndGet();
							}
						} catch (IOException e) {
							failed.incrementAndGet();
						} catch (InterruptedException e) {
							Thread.currentThread().interrupt();
							return;
						}
					}
				} finally {
					done.countDown();
				}
			}).start();
		}
		done.await();
		double elapsed = (System.nanoTime() - start) / 1e9;
		return new Phase(ok.get(), failed.get(), elapsed, latencies.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray());
	}

	private static Map<String, String> parse(String[] argv) {
		Map<String, String> args = new LinkedHashMap<>();
		for (int i = 0; i + 1 < argv.length; i += 2) {
			if (!argv[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --name value, got " + argv[i]);
			}
			args.put(argv[i].substring(2), argv[i + 1]);
		}
		return args;
	}

	private static String require(Map<String, String> args, String name) {
		String value = args.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}
}
