package org.fhirportal.auth.user;

import java.time.Clock;
import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** Spring Security's view of a portal account: its role as authority, locked while a lockout lasts. */
public class PortalUserDetailsService implements UserDetailsService {

	private final JdbcPortalUsers users;
	private final Clock clock;

	public PortalUserDetailsService(JdbcPortalUsers users, Clock clock) {
		this.users = users;
		this.clock = clock;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		PortalUser user = users.find(username).orElseThrow(() -> new UsernameNotFoundException("no such account"));
		return User.withUsername(user.username())
				.password(user.passwordHash())
				.authorities(List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())))
				.disabled(!user.enabled())
				.accountLocked(user.lockedAt(clock.instant()))
				.build();
	}
}
