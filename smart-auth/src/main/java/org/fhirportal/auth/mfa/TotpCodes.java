package org.fhirportal.auth.mfa;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps produce them, generated with
 * java-otp. A code is accepted for the current step and one step either side, for clock drift.
 */
public final class TotpCodes {

	private final TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
	private final SecureRandom random = new SecureRandom();
	private final Base32 base32 = new Base32();
	private final Clock clock;

	public TotpCodes(Clock clock) {
		this.clock = clock;
	}

	/** A new shared secret (160 bits), Base32 as authenticator apps expect it. */
	public String newSecret() {
		byte[] secret = new byte[20];
		random.nextBytes(secret);
		return base32.encodeToString(secret).replace("=", "");
	}

	public boolean verify(String secret, String code) {
		if (secret == null || code == null || !code.matches("\\d{6}")) {
			return false;
		}
		Instant now = clock.instant();
		for (int step = -1; step <= 1; step++) {
			if (code.equals(codeAt(secret, now.plus(totp.getTimeStep().multipliedBy(step))))) {
				return true;
			}
		}
		return false;
	}

	String codeAt(String secret, Instant instant) {
		try {
			int value = totp.generateOneTimePassword(new SecretKeySpec(base32.decode(secret), "HmacSHA1"), instant);
			return String.format("%06d", value);
		} catch (InvalidKeyException e) {
			throw new IllegalStateException("unusable TOTP secret", e);
		}
	}

	/** The {@code otpauth://} URI an authenticator app scans to enrol. */
	public static String enrolmentUri(String issuer, String username, String secret) {
		String label = URLEncoder.encode(issuer + ":" + username, StandardCharsets.UTF_8).replace("+", "%20");
		return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + URLEncoder.encode(issuer, StandardCharsets.UTF_8)
				+ "&algorithm=SHA1&digits=6&period=" + Duration.ofSeconds(30).toSeconds();
	}
}
