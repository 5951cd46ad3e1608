package org.fhirportal.server.support;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A client's JWK Set served over HTTP on a free loopback port, as a {@code jwks_uri}; the keys can be swapped. */
public final class JwksServer implements AutoCloseable {

	private final HttpServer server;
	private final AtomicReference<String> jwks = new AtomicReference<>();
	private final AtomicInteger fetches = new AtomicInteger();

	public JwksServer(JWKSet publicKeys) {
		publish(publicKeys);
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		server.createContext("/jwks.json", exchange -> {
			fetches.incrementAndGet();
			byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.createContext("/moved", exchange -> {
			exchange.getResponseHeaders().set("Location", url());
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		server.start();
	}

	/** Serves these keys from now on (public parts only). */
	public void publish(JWKSet keys) {
		jwks.set(keys.toPublicJWKSet().toString());
	}

	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
	}

	/** A URL answering 302 to {@link #url()}, as a hostile jwks_uri pointing the server elsewhere would. */
	public String redirectingUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/moved";
	}

	/** How often the JWK Set was fetched. */
	public int fetches() {
		return fetches.get();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
