package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.fhirportal.auth.client.UsedClientAssertions;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.fhirportal.auth.server.ExpiredRecordsJanitor;
import org.fhirportal.server.support.PortalServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The bookkeeping tables forget what has expired, and only that, in the server's real database. */
@PortalServerTest
class ExpiredRecordsJanitorTest {

	@Autowired
	ExpiredRecordsJanitor janitor;

	@Autowired
	RevokedTokens revokedTokens;

	@Autowired
	UsedClientAssertions usedAssertions;

	@Test
	void purgeWhenRecordsExpiredThenForgottenAndLiveOnesKept() {
		String expiredJti = UUID.randomUUID().toString();
		String liveJti = UUID.randomUUID().toString();
		revokedTokens.revoke(expiredJti, Instant.now().minusSeconds(60));
		revokedTokens.revoke(liveJti, Instant.now().plusSeconds(600));
		usedAssertions.markUsed("client-a", expiredJti, Instant.now().minusSeconds(60));
		usedAssertions.markUsed("client-a", liveJti, Instant.now().plusSeconds(600));

		janitor.purge();

		assertThat(revokedTokens.isRevoked(expiredJti)).isFalse();
		assertThat(revokedTokens.isRevoked(liveJti)).isTrue();
		assertThat(usedAssertions.markUsed("client-a", expiredJti, Instant.now().plusSeconds(60))).isTrue();
		assertThat(usedAssertions.markUsed("client-a", liveJti, Instant.now().plusSeconds(60))).isFalse();
	}
}
