package org.fhirportal.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.PortalUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * After a correct password: a user who must use a second factor (their role requires it, or they enrolled) is not
 * signed in yet. The password authentication waits in the session while {@link MfaController} asks for a TOTP
 * code (or enrols the user); everyone else continues where they were going.
 */
public final class MfaLoginSuccessHandler implements AuthenticationSuccessHandler {

	static final String PENDING = MfaLoginSuccessHandler.class.getName() + ".PENDING";

	private final JdbcPortalUsers users;
	private final Set<PortalRole> requiredRoles;
	private final AuthenticationSuccessHandler next = new SavedRequestAwareAuthenticationSuccessHandler();
	private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	public MfaLoginSuccessHandler(JdbcPortalUsers users, Set<PortalRole> requiredRoles) {
		this.users = users;
		this.requiredRoles = Set.copyOf(requiredRoles);
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException, jakarta.servlet.ServletException {
		boolean secondFactor = users.find(authentication.getName()).map(this::requiresSecondFactor).orElse(true);
		if (!secondFactor) {
			next.onAuthenticationSuccess(request, response, authentication);
			return;
		}
		request.getSession().setAttribute(PENDING, authentication);
		SecurityContextHolder.clearContext();
		contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
		response.sendRedirect(request.getContextPath() + "/login/mfa");
	}

	boolean requiresSecondFactor(PortalUser user) {
		return user.mfaSecret().isPresent() || requiredRoles.contains(user.role());
	}
}
