package org.fhirportal.auth.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** {@link ClusterEvents} of a single node (H2): a message goes to this process's listeners, at once. */
public final class LocalClusterEvents implements ClusterEvents {

	private final Map<ClusterTopic, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

	@Override
	public void publish(ClusterTopic topic, String key) {
		Objects.requireNonNull(key, "key");
		deliver(topic, key);
	}

	@Override
	public void subscribe(ClusterTopic topic, Consumer<String> listener) {
		listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(listener, "listener"));
	}

	/** Calls the topic's listeners with {@code key}. */
	void deliver(ClusterTopic topic, String key) {
		listeners.getOrDefault(topic, List.of()).forEach(listener -> listener.accept(key));
	}

	/** Calls every listener with {@link #EVERYTHING}. */
	void deliverEverything() {
		listeners.forEach((topic, list) -> list.forEach(listener -> listener.accept(EVERYTHING)));
	}
}
