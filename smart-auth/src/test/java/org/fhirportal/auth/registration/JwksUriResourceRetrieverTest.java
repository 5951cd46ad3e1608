package org.fhirportal.auth.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwksUriResourceRetrieverTest {

	private final AtomicInteger targetFetches = new AtomicInteger();
	private HttpServer server;
	private String base;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/jwks.json", exchange -> {
			byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.createContext("/moved", exchange -> {
			exchange.getResponseHeaders().set("Location", base + "/target");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		server.createContext("/target", exchange -> {
			targetFetches.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		base = "http://127.0.0.1:" + server.getAddress().getPort();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void retrieveWhenLoopbackAllowedThenFetched() throws IOException {
		JwksUriResourceRetriever retriever = new JwksUriResourceRetriever(new ClientUriRules(true));

		assertThat(retriever.retrieveResource(URI.create(base + "/jwks.json").toURL()).getContent()).isEqualTo("{\"keys\":[]}");
	}

	@Test
	void retrieveWhenRedirectThenErrorAndTargetNotFetched() {
		JwksUriResourceRetriever retriever = new JwksUriResourceRetriever(new ClientUriRules(true));

		assertThatThrownBy(() -> retriever.retrieveResource(URI.create(base + "/moved").toURL())).isInstanceOf(IOException.class);
		assertThat(targetFetches).hasValue(0);
	}

	@Test
	void retrieveWhenAddressRefusedThenNoConnection() {
		JwksUriResourceRetriever production = new JwksUriResourceRetriever(new ClientUriRules(false));

		assertThatThrownBy(() -> production.retrieveResource(URI.create(base + "/target").toURL())).isInstanceOf(IOException.class)
				.hasMessageContaining("loopback");
		assertThatThrownBy(() -> production.retrieveResource(URI.create("https://10.0.0.1/jwks").toURL())).hasMessageContaining("private");
		assertThatThrownBy(() -> production.retrieveResource(URI.create("file:///etc/passwd").toURL())).isInstanceOf(IOException.class);
		assertThat(targetFetches).hasValue(0);
	}
}
