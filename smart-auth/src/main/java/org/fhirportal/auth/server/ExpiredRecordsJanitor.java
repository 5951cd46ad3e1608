package org.fhirportal.auth.server;

import org.fhirportal.auth.client.UsedClientAssertions;
import org.fhirportal.auth.launch.JdbcEhrLaunches;
import org.fhirportal.auth.revocation.RevokedGrants;
import org.fhirportal.auth.revocation.RevokedTokens;
import org.fhirportal.auth.revocation.RotatedRefreshTokens;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the authorization server's bookkeeping tables small: revocations of tokens that have expired anyway, the
 * jtis of client assertions past their expiry, EHR launch values that can no longer be used, and replaced refresh
 * tokens that have expired. Once an hour per cluster: the node that takes the {@code shedlock} row purges, and the
 * others skip the hour (the deletes are idempotent anyway, so a node that finds the lock stale may run it again).
 */
public class ExpiredRecordsJanitor {

	/** The task's row in the {@code shedlock} table. */
	public static final String LOCK = "smart-auth-expired-records";

	private static final Logger log = LoggerFactory.getLogger(ExpiredRecordsJanitor.class);

	private final RevokedTokens revokedTokens;
	private final UsedClientAssertions usedAssertions;
	private final JdbcEhrLaunches launches;
	private final RotatedRefreshTokens rotatedRefreshTokens;
	private final RevokedGrants revokedGrants;

	public ExpiredRecordsJanitor(RevokedTokens revokedTokens, UsedClientAssertions usedAssertions, JdbcEhrLaunches launches,
			RotatedRefreshTokens rotatedRefreshTokens, RevokedGrants revokedGrants) {
		this.revokedTokens = revokedTokens;
		this.usedAssertions = usedAssertions;
		this.launches = launches;
		this.rotatedRefreshTokens = rotatedRefreshTokens;
		this.revokedGrants = revokedGrants;
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
	@SchedulerLock(name = LOCK, lockAtLeastFor = "PT50M", lockAtMostFor = "PT55M")
	public void purge() {
		int removed = revokedTokens.purgeExpired() + usedAssertions.purgeExpired() + launches.purgeExpired()
				+ rotatedRefreshTokens.purgeExpired() + revokedGrants.purgeExpired();
		if (removed > 0) {
			log.info("Removed {} expired revocations, client assertion ids, launch values replaced refresh tokens and revoked grants", removed);
		}
	}
}
