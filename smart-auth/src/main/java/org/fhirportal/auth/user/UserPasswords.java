package org.fhirportal.auth.user;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Hashing and policy of user passwords: bcrypt (cost 10), at least 12 and at most 128 characters (NIST SP
 * 800-63B: length over composition rules). Not a Spring bean of type PasswordEncoder on purpose: client secrets
 * use another hash.
 */
public final class UserPasswords {

	public static final int MIN_LENGTH = 12;
	public static final int MAX_LENGTH = 128;

	private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);

	public String hash(String password) {
		checkPolicy(password);
		return bcrypt.encode(password);
	}

	public boolean matches(String password, String hash) {
		return password != null && bcrypt.matches(password, hash);
	}

	BCryptPasswordEncoder encoder() {
		return bcrypt;
	}

	/** @throws IllegalArgumentException saying what the policy needs */
	public static void checkPolicy(String password) {
		if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("a password needs " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
		}
	}
}
