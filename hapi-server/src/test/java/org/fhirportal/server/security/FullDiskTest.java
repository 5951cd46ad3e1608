package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fhirportal.server.FhirPortalServerApplication;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A full disk (issue 22, "must hold"): the server's data directory on a 256 MB tmpfs, filled up while it runs. Every
 * answer is then a success or the fail-closed 503 with an OperationOutcome (RFC 6749 JSON at the token endpoint),
 * never another 5xx, whether the audit store, H2 or the token check in front of HAPI met the full disk; once
 * space is freed the server answers again, and after a restart on the same directory everything acknowledged before
 * is still there. Mounting needs root: elsewhere the test is skipped. The server is started by hand, not by
 * Spring's test support, because the volume must exist before it starts and be unmounted after it stops.
 */
class FullDiskTest {

	private Path volume;
	private boolean mounted;
	private ConfigurableApplicationContext server;
	private TokenClient tokens;

	@BeforeEach
	void mountSmallVolume() throws IOException, InterruptedException {
		volume = Files.createTempDirectory("portal-full-disk");
		// 256 MB: once the filler is deleted, H2 must have room for the chunks it appends until their dead
		// predecessors may be reused (its retention time, 45 s), or the server fills the disk again by itself
		mounted = run("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", volume.toString());
		Assumptions.assumeTrue(mounted, "mounting a tmpfs is not allowed here (needs root)");
	}

	@AfterEach
	void unmount() throws IOException, InterruptedException {
		if (server != null) {
			server.close();
		}
		if (mounted) {
			// lazily if a file is still open (the JVM lets go of H2's files when it collects them)
			assertThat(run("umount", volume.toString()) || run("umount", "-l", volume.toString())).as("umount " + volume).isTrue();
		}
		try (Stream<Path> files = Files.walk(volume)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
	}

	@Test
	void requestsWhenDiskFullThenFailClosedWith503AndNothingLostAfterRestart() throws IOException {
		RawHttp admin = start();
		String before = created(admin.post("/Patient", "application/fhir+json", patient("BeforeTheDiskFilled")));

		Path filler = fillTheDisk();
		List<Integer> whileFull = new ArrayList<>();
		// each write needs 2 MB more than the volume has; H2 first fills the free space inside its file
		for (int i = 0; i < 40 && !whileFull.contains(503); i++) {
			HttpResponse<String> write = admin.post("/Binary", "application/fhir+json", binaryOf2Mb());
			HttpResponse<String> read = admin.get("/Patient/" + before);
			for (HttpResponse<String> response : List.of(write, read)) {
				whileFull.add(response.statusCode());
				assertThat(response.statusCode()).as("answers so far " + whileFull + ": " + response.body()).isIn(200, 201, 503);
				if (response.statusCode() == 503) {
					assertThat(response.body()).contains("OperationOutcome");
				}
			}
		}
		assertThat(whileFull).as("answers while the disk was full").contains(503);
		// a token request stores an authorization: refused like a FHIR write, in the token endpoint's own format
		HttpResponse<String> token = tokens.request(TokenClient.ADMIN_CLIENT_ID, TokenClient.ADMIN_CLIENT_SECRET,
				"grant_type=client_credentials&scope=system%2FPatient.r");
		assertThat(token.statusCode()).as(token.body()).isIn(200, 503);
		if (token.statusCode() == 503) {
			assertThat(token.body()).contains("\"error\":\"temporarily_unavailable\"");
		}

		Files.delete(filler);
		String after = Await.until("the server answers again once space is freed", Duration.ofSeconds(60), () -> {
			HttpResponse<String> write = admin.post("/Patient", "application/fhir+json", patient("AfterSpaceFreed"));
			return write.statusCode() == 201 ? Optional.of(created(write)) : Optional.empty();
		});

		server.close();
		server = null;
		RawHttp restarted = start();
		for (String id : List.of(before, after)) {
			HttpResponse<String> read = restarted.get("/Patient/" + id);
			assertThat(read.statusCode()).as("Patient/" + id + " after the restart: " + read.body()).isEqualTo(200);
		}
	}

	private RawHttp start() {
		// arguments, not default properties: application.yaml's portal.data-dir would win over those
		server = new SpringApplicationBuilder(FhirPortalServerApplication.class)
				.run("--server.port=0", "--portal.data-dir=" + volume);
		String root = "http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort();
		tokens = new TokenClient(root);
		return new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds"));
	}

	/** Writes a file until the volume refuses more; returns it. */
	private Path fillTheDisk() throws IOException {
		Path filler = volume.resolve("filler");
		byte[] block = new byte[1 << 20];
		try (OutputStream out = Files.newOutputStream(filler)) {
			while (true) {
				out.write(block);
			}
		} catch (IOException full) {
			assertThat(full.getMessage()).contains("No space left");
		}
		return filler;
	}

	private static String binaryOf2Mb() {
		byte[] data = new byte[2 << 20];
		new java.util.Random().nextBytes(data);
		return "{\"resourceType\":\"Binary\",\"contentType\":\"application/octet-stream\",\"data\":\""
				+ java.util.Base64.getEncoder().encodeToString(data) + "\"}";
	}

	private static String patient(String family) {
		return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
	}

	private static String created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return URI.create(response.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	private static boolean run(String... command) throws IOException, InterruptedException {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
		} catch (IOException notAvailable) {
			return false;
		}
	}
}
