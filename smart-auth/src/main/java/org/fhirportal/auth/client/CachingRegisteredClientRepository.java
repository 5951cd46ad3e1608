package org.fhirportal.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.fhirportal.auth.cluster.ClusterEvents;
import org.fhirportal.auth.cluster.ClusterTopic;
import org.fhirportal.auth.cluster.LocalClusterEvents;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's client store with a short-lived in-memory copy of each client looked up, so the
 * token endpoint does not query and parse the client's JSON settings on every request (the largest single cost of
 * client authentication in the token benchmark). A client saved or deleted on any node is dropped from the copies of
 * every node by a {@link ClusterTopic#CLIENTS} message of {@link ClusterEvents}; should the message be lost, the
 * copy expires after {@code timeToLive}. Unknown clients are not cached, so a client registered elsewhere is found at
 * its first use.
 */
public final class CachingRegisteredClientRepository implements RegisteredClientRepository {

	private record Entry(RegisteredClient client, Instant loadedAt) {}

	private final RegisteredClientRepository delegate;
	private final Duration timeToLive;
	private final Clock clock;
	private final Map<String, Entry> byId = new ConcurrentHashMap<>();
	private final Map<String, Entry> byClientId = new ConcurrentHashMap<>();

	private final ClusterEvents clusterEvents;

	/** A cache of one node. */
	public CachingRegisteredClientRepository(RegisteredClientRepository delegate, Duration timeToLive, Clock clock) {
		this(delegate, timeToLive, clock, new LocalClusterEvents());
	}

	public CachingRegisteredClientRepository(RegisteredClientRepository delegate, Duration timeToLive, Clock clock,
			ClusterEvents clusterEvents) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.clusterEvents = Objects.requireNonNull(clusterEvents, "clusterEvents");
		clusterEvents.subscribe(ClusterTopic.CLIENTS, this::drop);
	}

	@Override
	public void save(RegisteredClient client) {
		delegate.save(client);
		drop(client.getId());
		byClientId.remove(client.getClientId());
		clusterEvents.publish(ClusterTopic.CLIENTS, client.getId());
	}

	/** Forgets a client that was deleted from the database, on every node. */
	public void evict(RegisteredClient client) {
		drop(client.getId());
		byClientId.remove(client.getClientId());
		clusterEvents.publish(ClusterTopic.CLIENTS, client.getId());
	}

	private void drop(String id) {
		if (ClusterEvents.EVERYTHING.equals(id)) {
			byId.clear();
			byClientId.clear();
			return;
		}
		byId.remove(id);
		byClientId.values().removeIf(entry -> entry.client().getId().equals(id));
	}

	@Override
	public RegisteredClient findById(String id) {
		return cached(byId, id, delegate::findById);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return cached(byClientId, clientId, delegate::findByClientId);
	}

	private RegisteredClient cached(Map<String, Entry> cache, String key, Function<String, RegisteredClient> load) {
		Instant now = clock.instant();
		Entry entry = cache.get(key);
		if (entry != null && now.isBefore(entry.loadedAt().plus(timeToLive))) {
			return entry.client();
		}
		RegisteredClient client = load.apply(key);
		if (client == null) {
			cache.remove(key);
		} else {
			cache.put(key, new Entry(client, now));
		}
		return client;
	}
}
