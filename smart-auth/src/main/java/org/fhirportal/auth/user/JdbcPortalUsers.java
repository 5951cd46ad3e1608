package org.fhirportal.auth.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The portal accounts, in the server's database (shared by every node). */
public class JdbcPortalUsers {

	private final JdbcTemplate jdbc;
	private final UserPasswords passwords;
	private final Clock clock;

	public JdbcPortalUsers(JdbcTemplate jdbc, UserPasswords passwords, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.passwords = Objects.requireNonNull(passwords, "passwords");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	public Optional<PortalUser> find(String username) {
		List<PortalUser> users = jdbc.query("SELECT * FROM portal_user WHERE username = ?", JdbcPortalUsers::map, username);
		return users.stream().findFirst();
	}

	/**
	 * Creates an account, or replaces the password, role and link of an existing one.
	 *
	 * @throws IllegalArgumentException when the password breaks the policy or the role's link is missing
	 */
	public PortalUser save(String username, String password, PortalRole role, String fhirUser, String displayName) {
		PortalUser user = new PortalUser(username, passwords.hash(password), role, Optional.ofNullable(fhirUser),
				Optional.ofNullable(displayName), true, 0, Optional.empty(), Optional.empty());
		int updated = jdbc.update("UPDATE portal_user SET password_hash = ?, role = ?, fhir_user = ?, display_name = ?, "
						+ "failed_attempts = 0, locked_until = NULL WHERE username = ?",
				user.passwordHash(), role.name(), fhirUser, displayName, username);
		if (updated == 0) {
			jdbc.update("INSERT INTO portal_user (username, password_hash, role, fhir_user, display_name) VALUES (?, ?, ?, ?, ?)",
					username, user.passwordHash(), role.name(), fhirUser, displayName);
		}
		return user;
	}

	/**
	 * Creates a new account; never replaces one.
	 *
	 * @throws IllegalArgumentException when the password breaks the policy or the role's link is missing
	 * @throws org.springframework.dao.DuplicateKeyException when the username is taken
	 */
	public PortalUser create(String username, String password, PortalRole role, String fhirUser, String displayName) {
		if (username == null || !username.matches("[A-Za-z0-9._@-]{3,100}")) {
			throw new IllegalArgumentException("a username needs 3 to 100 letters, digits or . _ @ -");
		}
		PortalUser user = new PortalUser(username, passwords.hash(password), role, Optional.ofNullable(fhirUser),
				Optional.ofNullable(displayName), true, 0, Optional.empty(), Optional.empty());
		jdbc.update("INSERT INTO portal_user (username, password_hash, role, fhir_user, display_name) VALUES (?, ?, ?, ?, ?)",
				username, user.passwordHash(), role.name(), fhirUser, displayName);
		return user;
	}

	/**
	 * Counts a failed sign-in; at {@code maxAttempts} in a row the account is locked for {@code lockout}.
	 *
	 * @return whether this failure locked the account
	 */
	public boolean recordFailure(String username, int maxAttempts, Duration lockout) {
		jdbc.update("UPDATE portal_user SET failed_attempts = failed_attempts + 1 WHERE username = ?", username);
		return jdbc.update("UPDATE portal_user SET locked_until = ?, failed_attempts = 0 WHERE username = ? AND failed_attempts >= ?",
				Timestamp.from(clock.instant().plus(lockout)), username, maxAttempts) > 0;
	}

	/** Completes enrolment in multi-factor sign-in with the secret the user's authenticator app now holds. */
	public void enrolMfa(String username, String secret) {
		jdbc.update("UPDATE portal_user SET mfa_secret = ? WHERE username = ?", secret, username);
	}

	public void recordSuccess(String username) {
		jdbc.update("UPDATE portal_user SET failed_attempts = 0 WHERE username = ? AND failed_attempts > 0", username);
	}

	private static PortalUser map(ResultSet rs, int row) throws SQLException {
		Timestamp lockedUntil = rs.getTimestamp("locked_until");
		return new PortalUser(
				rs.getString("username"),
				rs.getString("password_hash"),
				PortalRole.valueOf(rs.getString("role")),
				Optional.ofNullable(rs.getString("fhir_user")),
				Optional.ofNullable(rs.getString("display_name")),
				rs.getBoolean("enabled"),
				rs.getInt("failed_attempts"),
				Optional.ofNullable(lockedUntil).map(Timestamp::toInstant),
				Optional.ofNullable(rs.getString("mfa_secret")));
	}
}
