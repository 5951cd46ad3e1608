package org.fhirportal.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

class CachingRegisteredClientRepositoryTest {

	/** Another node's store: counts the look-ups that reach it. */
	static final class CountingRepository implements RegisteredClientRepository {
		final InMemoryRegisteredClientRepository store;
		final AtomicInteger lookups = new AtomicInteger();

		CountingRepository(RegisteredClient client) {
			store = new InMemoryRegisteredClientRepository(client);
		}

		@Override
		public void save(RegisteredClient client) {
			store.save(client);
		}

		@Override
		public RegisteredClient findById(String id) {
			lookups.incrementAndGet();
			return store.findById(id);
		}

		@Override
		public RegisteredClient findByClientId(String clientId) {
			lookups.incrementAndGet();
			return store.findByClientId(clientId);
		}
	}

	private static RegisteredClient client(String name) {
		return RegisteredClient.withId("id-1").clientId("backend").clientName(name).clientSecret("{sha256}x")
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build();
	}

	private static Clock at(long seconds) {
		return Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
	}

	@Test
	void findWhenLookedUpTwiceWithinTimeToLiveThenStoreQueriedOnce() {
		CountingRepository store = new CountingRepository(client("first"));
		CachingRegisteredClientRepository cache = new CachingRegisteredClientRepository(store, Duration.ofSeconds(10), at(0));

		cache.findByClientId("backend");
		RegisteredClient second = cache.findByClientId("backend");

		assertThat(second.getClientName()).isEqualTo("first");
		assertThat(store.lookups).hasValue(1);
	}

	@Test
	void findWhenChangedOnAnotherNodeThenStaleUntilTimeToLiveThenFresh() {
		CountingRepository store = new CountingRepository(client("first"));
		MovingClock clock = new MovingClock();
		CachingRegisteredClientRepository cache = new CachingRegisteredClientRepository(store, Duration.ofSeconds(10), clock);
		cache.findByClientId("backend");
		store.save(client("changed elsewhere"));

		clock.now = clock.now.plusSeconds(9);
		RegisteredClient withinTtl = cache.findByClientId("backend");
		clock.now = clock.now.plusSeconds(2);
		RegisteredClient afterTtl = cache.findByClientId("backend");

		assertThat(withinTtl.getClientName()).isEqualTo("first");
		assertThat(afterTtl.getClientName()).isEqualTo("changed elsewhere");
	}

	/** A clock the test moves forward. */
	static final class MovingClock extends Clock {
		Instant now = Instant.ofEpochSecond(1_000_000);

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	}

	@Test
	void saveWhenClientChangedOnThisNodeThenNextLookupSeesItAtOnce() {
		CountingRepository store = new CountingRepository(client("first"));
		CachingRegisteredClientRepository cache = new CachingRegisteredClientRepository(store, Duration.ofHours(1), at(0));
		cache.findByClientId("backend");
		cache.findById("id-1");

		cache.save(client("renamed"));

		assertThat(cache.findByClientId("backend").getClientName()).isEqualTo("renamed");
		assertThat(cache.findById("id-1").getClientName()).isEqualTo("renamed");
	}

	@Test
	void findWhenUnknownThenNotCachedSoALaterRegistrationIsFound() {
		CountingRepository store = new CountingRepository(client("first"));
		CachingRegisteredClientRepository cache = new CachingRegisteredClientRepository(store, Duration.ofHours(1), at(0));

		assertThat(cache.findByClientId("newcomer")).isNull();
		store.save(RegisteredClient.from(client("new")).id("id-2").clientId("newcomer").clientSecret("{sha256}y").build());

		assertThat(cache.findByClientId("newcomer")).isNotNull();
	}
}
