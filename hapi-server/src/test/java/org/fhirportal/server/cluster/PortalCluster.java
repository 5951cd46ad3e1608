package org.fhirportal.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.FreshPostgresDatabase;

/**
 * Several server processes on one fresh PostgreSQL database behind a real HAProxy with the deployment's
 * configuration (round-robin, no stickiness, readiness health checks): what {@code deploy/docker-compose.yml} runs,
 * on local processes. The first node starts alone (it migrates the empty database), the others after it together.
 */
final class PortalCluster implements AutoCloseable {

	static final Path HAPROXY_TEMPLATE = Path.of("..", "deploy", "haproxy", "haproxy.cfg");

	private final FreshPostgresDatabase database;
	private final Path dir;
	private final List<ServerNode> nodes;
	private final int balancerPort;
	private Haproxy haproxy;

	private PortalCluster(FreshPostgresDatabase database, Path dir, List<ServerNode> nodes, int balancerPort) {
		this.database = database;
		this.dir = dir;
		this.nodes = nodes;
		this.balancerPort = balancerPort;
	}

	/** Starts {@code size} nodes and the balancer; returns once HAProxy sees every node ready. */
	static PortalCluster start(int size) {
		FreshPostgresDatabase database = FreshPostgresDatabase.create();
		try {
			Path dir = Files.createTempDirectory("fhir-portal-cluster-");
			List<ServerNode> nodes = new ArrayList<>();
			for (int i = 1; i <= size; i++) {
				nodes.add(new ServerNode("node" + i, freePort(), dir.resolve("node" + i), database.jdbcUrl(), database.user()));
			}
			PortalCluster cluster = new PortalCluster(database, dir, nodes, freePort());
			cluster.boot();
			return cluster;
		} catch (IOException e) {
			database.drop();
			throw new UncheckedIOException(e);
		}
	}

	private void boot() {
		try {
			nodes.get(0).start();
			nodes.get(0).awaitReady();
			nodes.subList(1, nodes.size()).forEach(ServerNode::start);
			nodes.subList(1, nodes.size()).forEach(ServerNode::awaitReady);
			haproxy = Haproxy.start(HAPROXY_TEMPLATE, dir, balancerPort, nodes);
			awaitBalancedOverAll();
		} catch (RuntimeException | AssertionError e) {
			close();
			throw e;
		}
	}

	/** The balancer's root: what users and apps call. */
	String root() {
		return "http://127.0.0.1:" + balancerPort;
	}

	int balancerPort() {
		return balancerPort;
	}

	List<ServerNode> nodes() {
		return nodes;
	}

	ServerNode node(int index) {
		return nodes.get(index);
	}

	/** The HAProxy log (health check state changes), for failure messages. */
	String balancerLog() {
		return haproxy == null ? "" : haproxy.logTail();
	}

	/** Waits until a round of requests through the balancer reaches every node (HAProxy has checked them all up). */
	void awaitBalancedOverAll() {
		HttpClient http = HttpClient.newHttpClient();
		Await.until("HAProxy to send requests to every node", Duration.ofSeconds(30), () -> {
			java.util.Set<String> seen = new java.util.HashSet<>();
			for (int i = 0; i < nodes.size() * 2; i++) {
				try {
					HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(root() + "/actuator/health/readiness")).GET().build(),
							HttpResponse.BodyHandlers.discarding());
					response.headers().firstValue("X-Portal-Node").ifPresent(seen::add);
				} catch (IOException e) {
					return Optional.empty();
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new AssertionError(e);
				}
			}
			return seen.size() == nodes.size() ? Optional.of(true) : Optional.empty();
		});
	}

	@Override
	public void close() {
		if (haproxy != null) {
			haproxy.stop();
		}
		nodes.forEach(ServerNode::kill);
		database.drop();
		try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		} catch (IOException ignored) {
			// best effort: the directory is under the system temporary directory
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
