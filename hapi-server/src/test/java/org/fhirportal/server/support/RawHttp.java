package org.fhirportal.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP for the cases a FHIR client refuses to send (malformed bodies, wrong content types); every request
 * carries the bearer token given, if any.
 */
public final class RawHttp {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	private final String base;
	private final String bearerToken;

	public RawHttp(String base) {
		this(base, null);
	}

	public RawHttp(String base, String bearerToken) {
		this.base = base;
		this.bearerToken = bearerToken;
	}

	/** The bearer token every request carries, or {@code null}. */
	public String bearerToken() {
		return bearerToken;
	}

	public HttpResponse<String> post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", contentType)
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build());
	}

	public HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).GET();
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return send(builder.build());
	}

	public HttpResponse<String> send(HttpRequest request) {
		HttpRequest authorized = bearerToken == null || request.headers().firstValue("Authorization").isPresent()
				? request
				: HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Bearer " + bearerToken).build();
		try {
			return client.send(authorized, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
