package org.fhirportal.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Plays the user's browser in OAuth flows: keeps cookies, follows redirects one at a time (so a test can stop at
 * the app's redirect URI), and reads and submits the server's HTML forms.
 */
public final class TestBrowser {

	private static final Pattern INPUT = Pattern.compile("<input([^>]*)>", Pattern.CASE_INSENSITIVE);
	private static final Pattern ATTRIBUTE = Pattern.compile("(\\w[\\w-]*)\\s*=\\s*\"([^\"]*)\"");

	/** As many redirects as Chromium follows before it shows "too many redirects". */
	private static final int MAX_REDIRECTS = 20;

	private final CookieManager cookies = new CookieManager();
	private final HttpClient http;

	public TestBrowser() {
		this(null);
	}

	/** A browser that trusts the server certificates {@code tls} trusts ({@code null}: the JDK's defaults). */
	public TestBrowser(SSLContext tls) {
		HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER);
		http = (tls == null ? builder : builder.sslContext(tls)).build();
	}

	/** The value of the cookie this browser holds under {@code name}. */
	public String cookie(String name) {
		return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue)
				.findFirst().orElseThrow(() -> new AssertionError("the browser holds no cookie " + name));
	}

	public HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build());
	}

	/** Follows redirects until one leaves {@code serverRoot} or a page is shown. */
	public HttpResponse<String> followWithin(String serverRoot, HttpResponse<String> response) {
		HttpResponse<String> current = response;
		List<String> chain = new ArrayList<>();
		while (current.statusCode() / 100 == 3) {
			String location = current.uri().resolve(current.headers().firstValue("Location").orElseThrow()).toString();
			if (!location.startsWith(serverRoot)) {
				return current;
			}
			chain.add(current.statusCode() + " " + location);
			if (chain.size() > MAX_REDIRECTS) {
				throw new AssertionError("more than " + MAX_REDIRECTS + " redirects (a browser gives up): " + chain);
			}
			current = get(location);
		}
		return current;
	}

	public HttpResponse<String> postForm(String url, List<Map.Entry<String, String>> fields) {
		String body = fields.stream()
				.map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "text/html")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	/** The inputs of the page's forms, in order: each a map of its attributes (name, value, type, ...). */
	public static List<Map<String, String>> inputs(String html) {
		List<Map<String, String>> inputs = new ArrayList<>();
		Matcher input = INPUT.matcher(html);
		while (input.find()) {
			Map<String, String> attributes = new LinkedHashMap<>();
			Matcher attribute = ATTRIBUTE.matcher(input.group(1));
			while (attribute.find()) {
				attributes.put(attribute.group(1).toLowerCase(), attribute.group(2).replace("&amp;", "&").replace("&#x2F;", "/"));
			}
			inputs.add(attributes);
		}
		return inputs;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
