package org.fhirportal.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Gives each test server a fresh {@code portal.data-dir}, removed again when the test JVM exits. */
public final class TemporaryDataDirectory implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Path dir;
		try {
			dir = Files.createTempDirectory("fhir-portal-test-");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete-" + dir.getFileName()));
		context.getEnvironment().getPropertySources()
				.addFirst(new MapPropertySource("temporary-data-dir", Map.of("portal.data-dir", dir.toString())));
	}

	private static void delete(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		} catch (IOException ignored) {
			// best effort: the directory is under the system temporary directory anyway
		}
	}
}
