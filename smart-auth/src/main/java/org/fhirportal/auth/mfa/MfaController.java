package org.fhirportal.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import org.fhirportal.auth.branding.BrandedPage;
import org.fhirportal.auth.branding.BrandedPages;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalUser;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The second step of sign-in ({@code /login/mfa}): a TOTP code from the user's authenticator app, or, at the first
 * sign-in of a user who must use one, enrolment (the secret and its {@code otpauth://} URI, confirmed by a first
 * code). Wrong codes count towards the account lockout like wrong passwords. Each code entered, right or wrong, and
 * each lockout is published as a {@link SecurityAuditEvent} (never the code or the secret).
 */
@Controller
@BrandedPage
public class MfaController {

	private static final String ENROLMENT_SECRET = MfaController.class.getName() + ".SECRET";

	private final JdbcPortalUsers users;
	private final TotpCodes codes;
	private final String issuerName;
	private final int maxAttempts;
	private final Duration lockout;
	private final SecurityAuditPublisher audit;
	private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
	private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();

	public MfaController(JdbcPortalUsers users, TotpCodes codes, String issuerName, int maxAttempts, Duration lockout,
			SecurityAuditPublisher audit) {
		this.audit = audit;
		this.users = users;
		this.codes = codes;
		this.issuerName = issuerName;
		this.maxAttempts = maxAttempts;
		this.lockout = lockout;
	}

	@GetMapping(path = "/login/mfa", produces = MediaType.TEXT_HTML_VALUE)
	public ModelAndView page(HttpSession session) {
		return pending(session) == null ? redirectToLogin() : render(session, null);
	}

	@PostMapping(path = "/login/mfa", produces = MediaType.TEXT_HTML_VALUE)
	public ModelAndView verify(@RequestParam(name = "code", defaultValue = "") String code, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		HttpSession session = request.getSession();
		Authentication pending = pending(session);
		PortalUser user = pending == null ? null : users.find(pending.getName()).orElse(null);
		if (user == null) {
			return redirectToLogin();
		}
		String enrolling = (String) session.getAttribute(ENROLMENT_SECRET);
		String secret = user.mfaSecret().orElse(enrolling);
		if (!codes.verify(secret, code.trim())) {
			audit.publish(SecurityAuditEvent.Type.MFA, user.username(), null, false, "wrong TOTP code");
			if (users.recordFailure(user.username(), maxAttempts, lockout)) {
				audit.publish(SecurityAuditEvent.Type.LOCKOUT, user.username(), null, true, maxAttempts + " wrong codes in a row");
			}
			if (users.find(user.username()).map(u -> u.lockedAt(java.time.Instant.now())).orElse(true)) {
				session.invalidate();
				return redirectToLogin();
			}
			return render(session, "That code is not right. Enter the current 6-digit code.");
		}
		if (user.mfaSecret().isEmpty()) {
			users.enrolMfa(user.username(), secret);
		}
		users.recordSuccess(user.username());
		audit.publish(SecurityAuditEvent.Type.MFA, user.username(), null, true, enrolling != null && user.mfaSecret().isEmpty() ? "TOTP enrolled" : "TOTP");
		session.removeAttribute(MfaLoginSuccessHandler.PENDING);
		session.removeAttribute(ENROLMENT_SECRET);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(pending);
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		SavedRequest saved = savedRequests.getRequest(request, response);
		return BrandedPages.redirect(saved != null ? saved.getRedirectUrl() : "/");
	}

	private static Authentication pending(HttpSession session) {
		return (Authentication) session.getAttribute(MfaLoginSuccessHandler.PENDING);
	}

	private static ModelAndView redirectToLogin() {
		return BrandedPages.redirect("/login");
	}

	/** The code form; at a first sign-in that must enrol, with a new key kept in the session until a code of it is entered. */
	private ModelAndView render(HttpSession session, String error) {
		PortalUser user = users.find(pending(session).getName()).orElseThrow();
		ModelAndView page = new ModelAndView("auth/mfa");
		if (user.mfaSecret().isEmpty()) {
			String secret = (String) session.getAttribute(ENROLMENT_SECRET);
			if (secret == null) {
				secret = codes.newSecret();
				session.setAttribute(ENROLMENT_SECRET, secret);
			}
			page.addObject("secret", secret);
			page.addObject("otpauthUri", TotpCodes.enrolmentUri(issuerName, user.username(), secret));
		} else {
			page.addObject("secret", null);
		}
		page.addObject("error", error);
		return page;
	}
}
