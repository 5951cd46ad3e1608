package org.fhirportal.auth.user;

import java.util.Objects;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Makes a refused sign-in take the same time whatever the reason. Spring Security's
 * {@code DaoAuthenticationProvider} already checks a dummy hash for an unknown username, but refuses a locked,
 * disabled or expired account before checking the password: that answer came about ten times faster, and told an
 * attacker which usernames exist. Here the password hash is checked on that path as well (against a hash of the
 * same cost), then the refusal goes on unchanged. OWASP Authentication Cheat Sheet, "Authentication Responses".
 */
public final class UniformTimeAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;
	private final PasswordEncoder passwords;
	private final String dummyHash;

	/** @param passwords the encoder the delegate checks passwords with (the same cost, so the same time) */
	public UniformTimeAuthenticationProvider(AuthenticationProvider delegate, PasswordEncoder passwords) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.passwords = Objects.requireNonNull(passwords, "passwords");
		this.dummyHash = passwords.encode("uniform-time-sign-in");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		try {
			return delegate.authenticate(authentication);
		} catch (LockedException | DisabledException | AccountExpiredException refusedBeforePasswordCheck) {
			Object presented = authentication.getCredentials();
			passwords.matches(presented == null ? "" : presented.toString(), dummyHash);
			throw refusedBeforePasswordCheck;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return delegate.supports(authentication);
	}
}
