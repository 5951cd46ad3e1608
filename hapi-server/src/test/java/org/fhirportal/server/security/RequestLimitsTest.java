package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.TestResources;
import org.junit.jupiter.api.Test;

/**
 * Request bodies at {@code /fhir} are bounded before they are parsed (issue 22, item 2), with the default limits:
 * {@code portal.fhir.limits.max-request-size} 10 MB, Binary as large as {@code portal.storage.max-binary-size-bytes}
 * (20 MB) in base64, {@code portal.fhir.limits.max-bundle-entries} 1,000, {@code portal.fhir.limits.max-element-repeats}
 * 10,000. A refused request stores nothing.
 */
@PortalServerTest
class RequestLimitsTest extends AdminFhirClient {

	private static final int MB = 1024 * 1024;
	/** "Within about one second", with room for a loaded build machine. */
	private static final Duration QUICKLY = Duration.ofSeconds(3);


	@Test
	void createWhenDeclaredLengthOverTheLimitThen413AtOnceAndNothingStored() {
		String family = TestResources.unique("Huge");
		byte[] body = patientOfSize(family, 11 * MB);

		long started = System.nanoTime();
		String answer = announceBody("/fhir/Patient", FHIR_JSON, body);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
		assertThat(answer).startsWith("HTTP/1.1 413").contains("OperationOutcome").contains("portal.fhir.limits.max-request-size");
		assertThat(count("Patient?family=" + family)).isZero();
	}

	@Test
	void createWhenChunkedBodyGrowsOverTheLimitThen413AndNothingStored() {
		String family = TestResources.unique("Chunked");
		byte[] body = patientOfSize(family, 10 * MB + 256 * 1024);

		HttpResponse<String> created = admin.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient"))
				.header("Content-Type", FHIR_JSON)
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

		assertThat(created.statusCode()).as(created.body()).isEqualTo(413);
		assertThat(created.body()).contains("OperationOutcome").contains("portal.fhir.limits.max-request-size");
		assertThat(count("Patient?family=" + family)).isZero();
	}

	@Test
	void binaryWhen50MbThen413AtOnce() {
		byte[] data = new byte[50 * MB];

		long started = System.nanoTime();
		String answer = announceBody("/fhir/Binary", "application/octet-stream", data);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
		assertThat(answer).startsWith("HTTP/1.1 413").contains("OperationOutcome");
	}

	@Test
	void transactionWhenOverMaxEntriesThen400AndNothingStored() {
		String family = TestResources.unique("Crowd");
		StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int i = 0; i < 1001; i++) {
			bundle.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"").append(family)
					.append("\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
		}
		bundle.append("]}");

		long started = System.nanoTime();
		HttpResponse<String> transaction = admin.post("", FHIR_JSON, bundle.toString());

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
		assertThat(transaction.statusCode()).as(transaction.body()).isEqualTo(400);
		assertThat(transaction.body()).contains("OperationOutcome").contains("portal.fhir.limits.max-bundle-entries");
		assertThat(count("Patient?family=" + family)).isZero();
	}

	@Test
	void createWhenAnElementRepeatsOverTheLimitThen400NamingItAndNothingStored() {
		String family = TestResources.unique("Many");
		StringBuilder patient = new StringBuilder("{\"resourceType\":\"Patient\",\"name\":[");
		for (int i = 0; i < 100_000; i++) {
			patient.append(i == 0 ? "" : ",").append("{\"family\":\"").append(family).append("\"}");
		}
		patient.append("]}");

		long started = System.nanoTime();
		HttpResponse<String> created = admin.post("/Patient", FHIR_JSON, patient.toString());

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
		assertThat(created.body()).contains("OperationOutcome").contains("Patient.name has 100000")
				.contains("portal.fhir.limits.max-element-repeats");
		assertThat(count("Patient?family=" + family)).isZero();
	}

	@Test
	void createWhenWithinTheLimitThenStored() {
		String family = TestResources.unique("Large");

		HttpResponse<String> created = admin.post("/Patient", FHIR_JSON, new String(patientOfSize(family, 2 * MB)));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(count("Patient?family=" + family)).isEqualTo(1);
	}

	/**
	 * Sends the request line and headers with {@code Content-Length} and {@code Expect: 100-continue} and reads the
	 * server's answer; the body goes out only if the server asks for it (100 Continue). A server that bounds bodies
	 * before reading them answers at once, and the client never has to push megabytes into a closing connection (where
	 * the JDK client, writing while the server closes, can lose the answer).
	 */
	private String announceBody(String path, String contentType, byte[] body) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + adminToken
					+ "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
					+ "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			if (head.startsWith("HTTP/1.1 100")) {
				out.write(body);
				out.flush();
				head = readHead(in);
			}
			return head + new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			head.append((char) next);
		}
		return head.toString();
	}

	/** A valid Patient of about the given size: the family name and a long text narrative-free note in an extension. */
	private static byte[] patientOfSize(String family, int size) {
		char[] padding = new char[size];
		Arrays.fill(padding, 'x');
		return ("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"text\":\"" + new String(padding) + "\"}]}").getBytes();
	}
}
