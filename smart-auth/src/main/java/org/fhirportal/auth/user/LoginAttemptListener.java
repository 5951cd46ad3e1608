package org.fhirportal.auth.user;

import java.time.Duration;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * Locks an account after {@code maxAttempts} consecutive wrong passwords, for {@code lockout}; a successful
 * sign-in resets the count. Fed by Spring Security's authentication events; publishes each password sign-in,
 * failed or not, and each lockout as a {@link SecurityAuditEvent} (the password itself never leaves here).
 */
public class LoginAttemptListener {

	private final JdbcPortalUsers users;
	private final int maxAttempts;
	private final Duration lockout;
	private final SecurityAuditPublisher audit;

	public LoginAttemptListener(JdbcPortalUsers users, int maxAttempts, Duration lockout, SecurityAuditPublisher audit) {
		this.users = users;
		this.maxAttempts = maxAttempts;
		this.lockout = lockout;
		this.audit = audit;
	}

	@EventListener
	public void onFailure(AbstractAuthenticationFailureEvent event) {
		if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login)) {
			return;
		}
		audit.publish(SecurityAuditEvent.Type.SIGN_IN, login.getName(), null, false, reason(event));
		if (event instanceof AuthenticationFailureBadCredentialsEvent && users.recordFailure(login.getName(), maxAttempts, lockout)) {
			audit.publish(SecurityAuditEvent.Type.LOCKOUT, login.getName(), null, true, maxAttempts + " wrong passwords in a row");
		}
	}

	@EventListener
	public void onSuccess(AuthenticationSuccessEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
			users.recordSuccess(login.getName());
			audit.publish(SecurityAuditEvent.Type.SIGN_IN, login.getName(), null, true, "password");
		}
	}

	private static String reason(AbstractAuthenticationFailureEvent event) {
		if (event instanceof AuthenticationFailureBadCredentialsEvent) {
			return "bad credentials";
		}
		if (event instanceof AuthenticationFailureLockedEvent) {
			return "account locked";
		}
		if (event instanceof AuthenticationFailureDisabledEvent) {
			return "account disabled";
		}
		return event.getClass().getSimpleName();
	}
}
