package org.fhirportal.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes client secrets with one round of SHA-256. Client secrets are machine-generated, high-entropy strings
 * (at least 32 characters are enforced where they are set), so a slow password hash adds nothing but latency
 * to every token request; user passwords use a slow hash instead. Comparison is constant-time.
 */
public final class HighEntropySecretEncoder implements PasswordEncoder {

	public static final String ID = "sha256";

	@Override
	public String encode(CharSequence rawSecret) {
		return HexFormat.of().formatHex(sha256(rawSecret));
	}

	@Override
	public boolean matches(CharSequence rawSecret, String encoded) {
		if (rawSecret == null || encoded == null) {
			return false;
		}
		byte[] expected;
		try {
			expected = HexFormat.of().parseHex(encoded);
		} catch (IllegalArgumentException notHex) {
			return false;
		}
		return MessageDigest.isEqual(expected, sha256(rawSecret));
	}

	private static byte[] sha256(CharSequence value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.toString().getBytes(StandardCharsets.UTF_8));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is not available", e);
		}
	}
}
