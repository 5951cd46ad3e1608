package org.fhirportal.auth.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Caregiver proxy grants ({@link ProxyGrant}), in the server's database so every node sees a grant or a
 * revocation at once. The FHIR endpoint asks {@link #patientsInForce(String)} per request; nothing is cached.
 */
public class ProxyGrants {

	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private final JdbcTemplate jdbc;
	private final Clock clock;

	public ProxyGrants(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Grants {@code username} access to the patient's record from {@code validFrom} until {@code validUntil}.
	 *
	 * @throws IllegalArgumentException if the patient id is not a FHIR id or the period is empty
	 */
	public ProxyGrant grant(String username, String patientId, Instant validFrom, Optional<Instant> validUntil, String grantedBy) {
		Objects.requireNonNull(username, "username");
		if (patientId == null || !FHIR_ID.matcher(patientId).matches()) {
			throw new IllegalArgumentException("patient must be a FHIR Patient id");
		}
		Instant from = validFrom == null ? clock.instant() : validFrom;
		if (validUntil.filter(until -> !until.isAfter(from)).isPresent()) {
			throw new IllegalArgumentException("valid_until must be after valid_from");
		}
		ProxyGrant grant = new ProxyGrant(UUID.randomUUID().toString(), username, patientId, from, validUntil, true, grantedBy);
		jdbc.update("INSERT INTO smart_proxy_grant (id, username, patient, valid_from, valid_until, active, granted_by) "
						+ "VALUES (?, ?, ?, ?, ?, TRUE, ?)",
				grant.id(), username, patientId, Timestamp.from(from), validUntil.map(Timestamp::from).orElse(null), grantedBy);
		return grant;
	}

	/** Revokes a grant; true if it was active. */
	public boolean revoke(String id) {
		return jdbc.update("UPDATE smart_proxy_grant SET active = FALSE, revoked_at = ? WHERE id = ? AND active = TRUE",
				Timestamp.from(clock.instant()), id) > 0;
	}

	public Optional<ProxyGrant> find(String id) {
		return jdbc.query("SELECT * FROM smart_proxy_grant WHERE id = ?", ProxyGrants::map, id).stream().findFirst();
	}

	/** Every grant of a caregiver, active or not, newest first. */
	public List<ProxyGrant> of(String username) {
		return jdbc.query("SELECT * FROM smart_proxy_grant WHERE username = ? ORDER BY valid_from DESC", ProxyGrants::map, username);
	}

	/** The ids of the patients the caregiver may act for now. */
	public Set<String> patientsInForce(String username) {
		Timestamp now = Timestamp.from(clock.instant());
		return Set.copyOf(jdbc.queryForList("SELECT patient FROM smart_proxy_grant WHERE username = ? AND active = TRUE "
				+ "AND valid_from <= ? AND (valid_until IS NULL OR valid_until > ?)", String.class, username, now, now)
				.stream().collect(Collectors.toSet()));
	}

	private static ProxyGrant map(ResultSet rs, int row) throws SQLException {
		Timestamp until = rs.getTimestamp("valid_until");
		return new ProxyGrant(rs.getString("id"), rs.getString("username"), rs.getString("patient"),
				rs.getTimestamp("valid_from").toInstant(), Optional.ofNullable(until).map(Timestamp::toInstant),
				rs.getBoolean("active"), rs.getString("granted_by"));
	}
}
