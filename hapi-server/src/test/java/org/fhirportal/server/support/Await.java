package org.fhirportal.server.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; tests never sleep blindly. */
public final class Await {

	private Await() {}

	public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			Optional<T> value = probe.get();
			if (value.isPresent()) {
				return value.get();
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
			}
			try {
				Thread.sleep(250);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted waiting for " + what, e);
			}
		}
	}
}
