package org.fhirportal.auth.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** Every refused sign-in checks a password hash, whatever the reason: the structural side of LoginTimingTest. */
class UniformTimeAuthenticationProviderTest {

	private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
	private final AtomicInteger checks = new AtomicInteger();
	private final PasswordEncoder counting = new PasswordEncoder() {
		@Override
		public String encode(CharSequence raw) {
			return bcrypt.encode(raw);
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			checks.incrementAndGet();
			return bcrypt.matches(raw, encoded);
		}
	};

	private final UniformTimeAuthenticationProvider provider = provider(
			account("alice", false, true), account("locked", true, true), account("disabled", false, false));

	@Test
	void authenticateWhenAccountLockedThenPasswordHashCheckedAndStillLocked() {
		assertThatThrownBy(() -> provider.authenticate(login("locked", "wrong password"))).isInstanceOf(LockedException.class);
		assertThat(checks).hasValue(1);
		assertThatThrownBy(() -> provider.authenticate(login("locked", "right password"))).isInstanceOf(LockedException.class);
		assertThat(checks).hasValue(2);
	}

	@Test
	void authenticateWhenAccountDisabledThenPasswordHashChecked() {
		assertThatThrownBy(() -> provider.authenticate(login("disabled", "wrong password"))).isInstanceOf(DisabledException.class);
		assertThat(checks).hasValue(1);
	}

	@Test
	void authenticateWhenUnknownOrWrongPasswordThenPasswordHashCheckedOnce() {
		assertThatThrownBy(() -> provider.authenticate(login("nobody", "wrong password"))).isInstanceOf(BadCredentialsException.class);
		assertThatThrownBy(() -> provider.authenticate(login("alice", "wrong password"))).isInstanceOf(BadCredentialsException.class);
		assertThat(checks).hasValue(2);
		assertThat(provider.authenticate(login("alice", "right password")).isAuthenticated()).isTrue();
	}

	private UniformTimeAuthenticationProvider provider(UserDetails... accounts) {
		DaoAuthenticationProvider dao = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(accounts));
		dao.setPasswordEncoder(counting);
		UniformTimeAuthenticationProvider uniform = new UniformTimeAuthenticationProvider(dao, counting);
		checks.set(0);
		return uniform;
	}

	private UserDetails account(String username, boolean locked, boolean enabled) {
		return User.withUsername(username).password(bcrypt.encode("right password")).roles("PATIENT").accountLocked(locked).disabled(!enabled).build();
	}

	private static UsernamePasswordAuthenticationToken login(String username, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
	}
}
