package org.fhirportal.auth.launch;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The EHR launch values, in the database so that the node which minted one and the node that authorises the app
 * may differ. A value is random (160 bits), opaque, and accepted until it expires.
 */
public class JdbcEhrLaunches {

	private final JdbcTemplate jdbc;
	private final Duration lifetime;
	private final Clock clock;
	private final SecureRandom random = new SecureRandom();

	public JdbcEhrLaunches(JdbcTemplate jdbc, Duration lifetime, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	public EhrLaunch mint(String patient, String encounter, String createdBy) {
		byte[] bytes = new byte[20];
		random.nextBytes(bytes);
		EhrLaunch launch = new EhrLaunch(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), patient,
				Optional.ofNullable(encounter), createdBy, clock.instant().plus(lifetime));
		jdbc.update("INSERT INTO smart_launch_context (launch_id, patient, encounter, created_by, expires_at) VALUES (?, ?, ?, ?, ?)",
				launch.launchId(), patient, encounter, createdBy, Timestamp.from(launch.expiresAt()));
		return launch;
	}

	/** The launch, if it exists and has not expired. */
	public Optional<EhrLaunch> find(String launchId) {
		List<EhrLaunch> found = jdbc.query(
				"SELECT launch_id, patient, encounter, created_by, expires_at FROM smart_launch_context WHERE launch_id = ? AND expires_at > ?",
				(rs, row) -> new EhrLaunch(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)), rs.getString(4),
						rs.getTimestamp(5).toInstant()),
				launchId, Timestamp.from(clock.instant()));
		return found.stream().findFirst();
	}

	/** Forgets launch values that can no longer be used. */
	public int purgeExpired() {
		return jdbc.update("DELETE FROM smart_launch_context WHERE expires_at < ?", Timestamp.from(clock.instant()));
	}
}
