package org.fhirportal.auth.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One-time activation codes that staff issue for a Patient record so that the patient can create their portal
 * account (onboarding). A code is 16 characters from an unambiguous alphabet (80 bits), shown once, stored only as
 * a SHA-256 hash, valid for {@code lifetime}, and spent by its first use.
 */
public class JdbcActivationCodes {

	private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

	private final JdbcTemplate jdbc;
	private final Duration lifetime;
	private final Clock clock;
	private final SecureRandom random = new SecureRandom();

	public JdbcActivationCodes(JdbcTemplate jdbc, Duration lifetime, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Issues a code for a patient; the returned code is never stored in clear. */
	public IssuedCode issue(String patientId, String issuedBy) {
		StringBuilder code = new StringBuilder();
		for (int i = 0; i < 16; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
		}
		Instant expiresAt = clock.instant().plus(lifetime);
		jdbc.update("INSERT INTO smart_activation_code (code_hash, patient, created_by, expires_at) VALUES (?, ?, ?, ?)",
				hash(code.toString()), patientId, issuedBy, Timestamp.from(expiresAt));
		return new IssuedCode(code.toString(), patientId, expiresAt);
	}

	/**
	 * Spends a code: the patient it was issued for, if the code exists, has not expired and was not used before.
	 * Two concurrent uses cannot both succeed.
	 */
	public Optional<String> redeem(String code) {
		String hash = hash(normalise(code));
		List<String> patient = jdbc.queryForList(
				"SELECT patient FROM smart_activation_code WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?",
				String.class, hash, Timestamp.from(clock.instant()));
		if (patient.isEmpty()) {
			return Optional.empty();
		}
		int spent = jdbc.update("UPDATE smart_activation_code SET used_at = ? WHERE code_hash = ? AND used_at IS NULL",
				Timestamp.from(clock.instant()), hash);
		return spent == 1 ? Optional.of(patient.get(0)) : Optional.empty();
	}

	private static String normalise(String code) {
		return code == null ? "" : code.trim().toUpperCase().replace(" ", "");
	}

	private static String hash(String code) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * A freshly issued code, to hand to the patient.
	 *
	 * @param code      the code, shown once
	 * @param patientId the Patient it activates an account for
	 * @param expiresAt when it stops working
	 */
	public record IssuedCode(String code, String patientId, Instant expiresAt) {}
}
