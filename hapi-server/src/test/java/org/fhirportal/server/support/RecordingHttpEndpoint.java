package org.fhirportal.server.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP endpoint on a free loopback port that records what is POSTed or PUT to it (a rest-hook target). */
public final class RecordingHttpEndpoint implements AutoCloseable {

	private final HttpServer server;
	private final List<String> bodies = new CopyOnWriteArrayList<>();

	public RecordingHttpEndpoint() {
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		server.createContext("/", exchange -> {
			bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	public List<String> bodies() {
		return List.copyOf(bodies);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
