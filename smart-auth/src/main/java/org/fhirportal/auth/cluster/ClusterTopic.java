package org.fhirportal.auth.cluster;

/** What a {@link ClusterEvents} message is about; each topic is one PostgreSQL notification channel. */
public enum ClusterTopic {

	/** A registered client was changed or deleted; the key is its id ({@code RegisteredClient#getId}). */
	CLIENTS("portal_clients");

	private final String channel;

	ClusterTopic(String channel) {
		this.channel = channel;
	}

	/** The PostgreSQL channel name (an identifier: lower case, no quoting needed). */
	public String channel() {
		return channel;
	}
}
