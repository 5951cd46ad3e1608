package org.fhirportal.auth.user;

import java.time.Duration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/**
 * Locks an account after {@code maxAttempts} consecutive wrong passwords, for {@code lockout}; a successful
 * sign-in resets the count. Fed by Spring Security's authentication events.
 */
public class LoginAttemptListener {

	private final JdbcPortalUsers users;
	private final int maxAttempts;
	private final Duration lockout;

	public LoginAttemptListener(JdbcPortalUsers users, int maxAttempts, Duration lockout) {
		this.users = users;
		this.maxAttempts = maxAttempts;
		this.lockout = lockout;
	}

	@EventListener
	public void onFailure(AuthenticationFailureBadCredentialsEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
			users.recordFailure(login.getName(), maxAttempts, lockout);
		}
	}

	@EventListener
	public void onSuccess(AuthenticationSuccessEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
			users.recordSuccess(login.getName());
		}
	}
}
