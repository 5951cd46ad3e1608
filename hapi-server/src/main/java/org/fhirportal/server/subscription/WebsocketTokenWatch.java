package org.fhirportal.server.subscription;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.WebSocketSession;

/**
 * Keeps the open Subscription websockets honest: every {@code portal.websocket.token-check-interval} it closes
 * (1008, policy violation) each socket whose token has expired or has been revoked (RFC 7009, through
 * {@link RevokedTokens}, shared by all nodes), and each socket that has not authenticated within
 * {@code portal.websocket.authentication-timeout} of opening.
 */
final class WebsocketTokenWatch implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WebsocketTokenWatch.class);

	private final WebsocketProperties properties;
	private final Optional<RevokedTokens> revokedTokens;
	private final Clock clock;
	private final Map<WebSocketSession, Instant> openedAt = new ConcurrentHashMap<>();
	private ScheduledExecutorService scheduler;

	WebsocketTokenWatch(WebsocketProperties properties, Optional<RevokedTokens> revokedTokens, Clock clock) {
		this.properties = Objects.requireNonNull(properties, "properties");
		this.revokedTokens = Objects.requireNonNull(revokedTokens, "revokedTokens");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	void opened(WebSocketSession session) {
		openedAt.put(session, clock.instant());
	}

	void closed(WebSocketSession session) {
		openedAt.remove(session);
	}

	/** One round of checks; runs on the watch's own thread. */
	void checkAll() {
		Instant now = clock.instant();
		openedAt.forEach((session, opened) -> {
			try {
				reasonToClose(session, opened, now).ifPresent(reason -> close(session, reason));
			} catch (RuntimeException e) {
				log.warn("Websocket token check failed for session {}; checking again in {}", session.getId(), properties.tokenCheckInterval(), e);
			}
		});
	}

	private Optional<String> reasonToClose(WebSocketSession session, Instant opened, Instant now) {
		Optional<SmartAccessContext> access = WebsocketCaller.of(session).map(authentication -> authentication.accessContext());
		if (access.isEmpty()) {
			return opened.plus(properties.authenticationTimeout()).isAfter(now) ? Optional.empty() : Optional.of("no token sent in time");
		}
		if (!access.get().expiresAt().isAfter(now)) {
			return Optional.of("token expired");
		}
		if (revokedTokens.isPresent() && revokedTokens.get().isRevoked(access.get().tokenId())) {
			return Optional.of("token revoked");
		}
		return Optional.empty();
	}

	private void close(WebSocketSession session, String reason) {
		openedAt.remove(session);
		try {
			AuthenticatedWebsocketHandler.refuse(session, reason);
		} catch (IOException e) {
			log.debug("Closing websocket session {} failed: {}", session.getId(), e.getMessage());
		}
	}

	@Override
	public synchronized void start() {
		scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "websocket-token-watch");
			thread.setDaemon(true);
			return thread;
		});
		long interval = properties.tokenCheckInterval().toMillis();
		scheduler.scheduleWithFixedDelay(this::checkAll, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (scheduler != null) {
			scheduler.shutdownNow();
			scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return scheduler != null;
	}
}
