package org.fhirportal.auth.cluster;

import java.util.function.Consumer;

/**
 * Tells every server node of a change that a node keeps in memory, so that its copy is dropped at once instead of
 * when it expires: on PostgreSQL by {@code NOTIFY} ({@link PostgresClusterEvents}), on a single node in process
 * ({@link LocalClusterEvents}). A message is a key (e.g. a client's id); the empty key means "anything may have
 * changed" (sent to a node's listeners when it may have missed messages, e.g. after its listening connection was
 * lost), so a listener then drops everything.
 */
public interface ClusterEvents {

	/** Sends {@code key} on {@code topic} to every node, this one included (within the caller's transaction: at commit). */
	void publish(ClusterTopic topic, String key);

	/** Calls {@code listener} with each key published on {@code topic}, on a thread of the implementation's choosing. */
	void subscribe(ClusterTopic topic, Consumer<String> listener);

	/** The key that means "drop everything". */
	String EVERYTHING = "";
}
