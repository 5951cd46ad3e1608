import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client of bench/effect.sh (JDK only, no dependencies).
 *
 * <pre>
 *   java EffectBench.java patients --base URL --token T --prefix eb --count 100000 [--seed 42] [--organizations 20]
 *                                  [--practitioners 200] [--batch 1000] [--threads 2]
 *       Organizations and Practitioners, then Patients (birth date, gender, managing organization, GP), as FHIR
 *       transactions of PUTs to fixed ids ({prefix}-p{i}), so the server's own projection records them.
 *   java EffectBench.java time --url URL --token T [--runs 5] [--warmup 1] [--out FILE]
 *       GETs the URL (warm-up runs not counted), fails on any answer but 200, prints each time, median and max (ms),
 *       and writes the last answer to FILE.
 *   java EffectBench.java value --file FILE --name NAME [--within PART]
 *       Prints the first decimal or integer parameter NAME of a Parameters answer (JSON), inside the parameter PART
 *       when given (e.g. --within overall --name estimate).
 * </pre>
 */
public class EffectBench {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			usage();
		}
		Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
		switch (args[0]) {
			case "patients" -> patients(options);
			case "time" -> time(options);
			case "value" -> System.out.println(value(Files.readString(Path.of(required(options, "file"))), options.get("within"),
					required(options, "name")));
			default -> usage();
		}
	}

	// ------------------------------------------------------------------------------------------------ patients

	private static void patients(Map<String, String> options) throws Exception {
		String base = required(options, "base");
		String token = required(options, "token");
		String prefix = required(options, "prefix");
		int count = Integer.parseInt(required(options, "count"));
		long seed = Long.parseLong(options.getOrDefault("seed", "42"));
		int organizations = Integer.parseInt(options.getOrDefault("organizations", "20"));
		int practitioners = Integer.parseInt(options.getOrDefault("practitioners", "200"));
		int batch = Integer.parseInt(options.getOrDefault("batch", "1000"));
		int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
		long start = System.nanoTime();
		List<String> directory = new ArrayList<>();
		for (int o = 0; o < organizations; o++) {
			String id = prefix + "-org" + o;
			directory.add(entry("Organization", id, "{\"resourceType\":\"Organization\",\"id\":\"" + id + "\",\"name\":\"Benchmark practice " + o + "\"}"));
		}
		for (int g = 0; g < practitioners; g++) {
			String id = prefix + "-gp" + g;
			directory.add(entry("Practitioner", id, "{\"resourceType\":\"Practitioner\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"Doctor" + g + "\"}]}"));
		}
		post(base, token, directory);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> parts = new ArrayList<>();
		for (int from = 0; from < count; from += batch) {
			int first = from;
			int last = Math.min(count, from + batch);
			parts.add(pool.submit(() -> {
				List<String> entries = new ArrayList<>();
				for (int i = first; i < last; i++) {
					entries.add(patient(prefix, i, seed, organizations, practitioners));
				}
				post(base, token, entries);
				return null;
			}));
		}
		for (Future<?> part : parts) {
			part.get();
		}
		pool.shutdown();
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf(Locale.ROOT, "patients=%d%nseconds=%.1f%nresources_per_s=%.1f%n", count, seconds,
				(count + organizations + practitioners) / seconds);
	}

	/** Patient i: deterministic from (seed, i), the shape of SyntheticPortalActivity's patients. */
	private static String patient(String prefix, int i, long seed, int organizations, int practitioners) {
		SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
		LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(90 * 365));
		double g = random.nextDouble();
		String gender = g < 0.48 ? "female" : g < 0.96 ? "male" : g < 0.98 ? "other" : "unknown";
		String id = prefix + "-p" + i;
		String json = "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"Bench" + i + "\",\"given\":[\"Pat\"]}]"
				+ ",\"gender\":\"" + gender + "\",\"birthDate\":\"" + birth + "\""
				+ ",\"managingOrganization\":{\"reference\":\"Organization/" + prefix + "-org" + random.nextInt(organizations) + "\"}";
		if (random.nextDouble() < 0.95) {
			json += ",\"generalPractitioner\":[{\"reference\":\"Practitioner/" + prefix + "-gp" + random.nextInt(practitioners) + "\"}]";
		}
		return entry("Patient", id, json + "}");
	}

	private static String entry(String type, String id, String resource) {
		return "{\"fullUrl\":\"" + type + "/" + id + "\",\"resource\":" + resource + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + type + "/" + id + "\"}}";
	}

	private static void post(String base, String token, List<String> entries) throws IOException, InterruptedException {
		String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + String.join(",", entries) + "]}";
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofMinutes(10))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(bundle)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("transaction refused: " + response.statusCode() + " " + abbreviate(response.body()));
		}
	}

	// ------------------------------------------------------------------------------------------------ time

	private static void time(Map<String, String> options) throws Exception {
		String url = required(options, "url");
		String token = required(options, "token");
		int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "1"));
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
				.header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").GET().build();
		String body = null;
		double[] ms = new double[runs];
		for (int r = -warmup; r < runs; r++) {
			long t0 = System.nanoTime();
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			double elapsed = (System.nanoTime() - t0) / 1e6;
			if (response.statusCode() != 200) {
				throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
			}
			body = response.body();
			if (r >= 0) {
				ms[r] = elapsed;
			}
			System.err.printf(Locale.ROOT, "  %s %.0f ms%n", r < 0 ? "warm-up" : "run " + (r + 1), elapsed);
		}
		String[] each = Arrays.stream(ms).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toArray(String[]::new);
		double[] sorted = ms.clone();
		Arrays.sort(sorted);
		double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
		System.out.printf(Locale.ROOT, "runs=%d%nmedian_ms=%.0f%nmax_ms=%.0f%nall_ms=%s%n", runs, median, sorted[runs - 1], String.join(" ", each));
		if (options.containsKey("out")) {
			Files.writeString(Path.of(options.get("out")), body);
		}
	}

	// ------------------------------------------------------------------------------------------------ value

	private static final Pattern NUMBER = Pattern.compile("\"value(?:Decimal|Integer|UnsignedInt)\"\\s*:\\s*(-?[0-9.eE+-]+)");

	/** The value of the first parameter or part named {@code name} (after the parameter {@code within}, if given). */
	static String value(String json, String within, String name) {
		int from = 0;
		if (within != null) {
			from = json.indexOf("\"name\":\"" + within + "\"");
			if (from < 0) {
				return "absent";
			}
		}
		Matcher at = Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"").matcher(json);
		if (!at.find(from)) {
			return "absent";
		}
		int end = json.indexOf('}', at.end());
		Matcher number = NUMBER.matcher(json.substring(at.end(), end < 0 ? json.length() : end));
		return number.find() ? number.group(1) : "suppressed";
	}

	// ------------------------------------------------------------------------------------------------ plumbing

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int k = 0; k < args.length; k += 2) {
			if (!args[k].startsWith("--") || k + 1 >= args.length) {
				usage();
			}
			options.put(args[k].substring(2), args[k + 1]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			System.err.println("--" + name + " is required");
			usage();
		}
		return value;
	}

	private static String abbreviate(String text) {
		return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
	}

	private static void usage() {
		System.err.println("usage: EffectBench patients|time|value --option value ... (see the comment at the top of EffectBench.java)");
		System.exit(2);
	}
}
