package org.fhirportal.auth.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link ClusterEvents} over PostgreSQL's {@code LISTEN}/{@code NOTIFY}: a message is {@code pg_notify(channel, key)}
 * on the caller's connection (delivered when its transaction commits), and one thread per node holds a connection
 * of its own that listens on every {@link ClusterTopic}'s channel and hands what arrives to the listeners, waiting at
 * most {@code poll} for each batch (pgjdbc's {@link PGConnection#getNotifications(int)}). Messages sent while the
 * listening connection was down are lost, so after every (re)connection each listener is told {@link #EVERYTHING}.
 */
public final class PostgresClusterEvents implements ClusterEvents, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PostgresClusterEvents.class);

	private final DataSource dataSource;
	private final JdbcTemplate jdbc;
	private final Duration poll;
	private final LocalClusterEvents local = new LocalClusterEvents();
	private volatile boolean running;
	private Thread listener;

	public PostgresClusterEvents(DataSource dataSource, Duration poll) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = new JdbcTemplate(dataSource);
		this.poll = Objects.requireNonNull(poll, "poll");
	}

	@Override
	public void publish(ClusterTopic topic, String key) {
		Objects.requireNonNull(key, "key");
		jdbc.query("SELECT pg_notify(?, ?)", rs -> null, topic.channel(), key);
	}

	@Override
	public void subscribe(ClusterTopic topic, Consumer<String> listener) {
		local.subscribe(topic, listener);
	}

	@Override
	public synchronized void start() {
		running = true;
		listener = new Thread(this::listen, "cluster-events");
		listener.setDaemon(true);
		listener.start();
	}

	@Override
	public synchronized void stop() {
		running = false;
		if (listener != null) {
			listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void listen() {
		while (running) {
			try (Connection connection = dataSource.getConnection()) {
				PGConnection pg = connection.unwrap(PGConnection.class);
				try (Statement statement = connection.createStatement()) {
					for (ClusterTopic topic : ClusterTopic.values()) {
						statement.execute("LISTEN " + topic.channel());
					}
				}
				local.deliverEverything(); // what was sent before this connection listened is unknown
				while (running) {
					PGNotification[] notifications = pg.getNotifications((int) poll.toMillis());
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							dispatch(notification);
						}
					}
				}
			} catch (SQLException | RuntimeException e) {
				if (running) {
					log.warn("Listening for cluster events failed, listening again in 1 s: {}", e.getMessage());
					pause();
				}
			}
		}
	}

	private void dispatch(PGNotification notification) {
		for (ClusterTopic topic : ClusterTopic.values()) {
			if (topic.channel().equals(notification.getName())) {
				try {
					local.deliver(topic, notification.getParameter());
				} catch (RuntimeException e) {
					log.warn("A listener of {} failed: {}", topic, e.getMessage());
				}
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(1000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			running = false;
		}
	}
}
