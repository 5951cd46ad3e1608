package org.fhirportal.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real HAProxy process (Debian's {@code haproxy}, installed by {@code .ci/run}) running the deployment's own
 * configuration, {@code deploy/haproxy/haproxy.cfg}: only the lines marked {@code cluster-test: replaced} change,
 * the bind address to a loopback port and the server lines to the test's nodes, each with the options of the
 * template's first server line.
 */
final class Haproxy {

	static final Path EXECUTABLE = Path.of("/usr/sbin/haproxy");
	private static final String MARK = "# cluster-test: replaced";

	private final Process process;
	private final Path log;

	private Haproxy(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static boolean installed() {
		return Files.isExecutable(EXECUTABLE);
	}

	/** Writes the configuration for {@code nodes} behind {@code port} into {@code dir} and starts HAProxy on it. */
	static Haproxy start(Path template, Path dir, int port, List<ServerNode> nodes) {
		try {
			Path config = dir.resolve("haproxy.cfg");
			Files.writeString(config, configuration(Files.readAllLines(template), port, nodes));
			Path log = dir.resolve("haproxy.log");
			Process check = new ProcessBuilder(EXECUTABLE.toString(), "-c", "-f", config.toString()).redirectErrorStream(true).start();
			String checked = new String(check.getInputStream().readAllBytes());
			if (check.waitFor() != 0) {
				throw new AssertionError("HAProxy refuses the configuration " + config + ": " + checked);
			}
			Process process = new ProcessBuilder(EXECUTABLE.toString(), "-db", "-f", config.toString())
					.redirectErrorStream(true).redirectOutput(log.toFile()).start();
			return new Haproxy(process, log);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	static String configuration(List<String> template, int port, List<ServerNode> nodes) {
		StringBuilder out = new StringBuilder();
		String serverOptions = template.stream().filter(l -> l.contains(MARK) && l.trim().startsWith("server ")).findFirst()
				.map(Haproxy::serverOptions).orElseThrow(() -> new AssertionError("the template has no server line marked '" + MARK + "'"));
		boolean serversWritten = false;
		for (String line : template) {
			if (!line.contains(MARK)) {
				out.append(line).append('\n');
			} else if (line.trim().startsWith("bind ")) {
				out.append("    bind 127.0.0.1:").append(port).append('\n');
			} else if (line.trim().startsWith("server ") && !serversWritten) {
				out.append(nodes.stream().map(n -> "    server " + n.name() + " 127.0.0.1:" + n.port() + serverOptions)
						.collect(Collectors.joining("\n"))).append('\n');
				serversWritten = true;
			}
		}
		return out.toString();
	}

	/** Everything after {@code server NAME ADDRESS}, without the mark. */
	private static String serverOptions(String line) {
		String[] words = line.substring(0, line.indexOf(MARK)).trim().split("\\s+");
		return List.of(words).subList(3, words.length).stream().map(w -> " " + w).collect(Collectors.joining());
	}

	void stop() {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	String logTail() {
		try {
			return Objects.toString(Files.readString(log));
		} catch (IOException e) {
			return "(no log: " + e.getMessage() + ")";
		}
	}
}
