package org.fhirportal.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalUser;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The second step of sign-in ({@code /login/mfa}): a TOTP code from the user's authenticator app, or, at the first
 * sign-in of a user who must use one, enrolment (the secret and its {@code otpauth://} URI, confirmed by a first
 * code). Wrong codes count towards the account lockout like wrong passwords. Each code entered, right or wrong, and
 * each lockout is published as a {@link SecurityAuditEvent} (never the code or the secret).
 */
@Controller
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
	public ResponseEntity<String> page(HttpSession session, CsrfToken csrf) {
		return pending(session) == null ? redirectToLogin() : ResponseEntity.ok(render(session, csrf, null));
	}

	@PostMapping(path = "/login/mfa", produces = MediaType.TEXT_HTML_VALUE)
	public ResponseEntity<String> verify(@RequestParam(name = "code", defaultValue = "") String code, HttpServletRequest request,
			HttpServletResponse response, CsrfToken csrf) throws IOException {
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
			return ResponseEntity.ok(render(session, csrf, "That code is not right. Enter the current 6-digit code."));
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
		return ResponseEntity.status(302).header("Location", saved != null ? saved.getRedirectUrl() : request.getContextPath() + "/").build();
	}

	private static Authentication pending(HttpSession session) {
		return (Authentication) session.getAttribute(MfaLoginSuccessHandler.PENDING);
	}

	private static ResponseEntity<String> redirectToLogin() {
		return ResponseEntity.status(302).header("Location", "/login").build();
	}

	private String render(HttpSession session, CsrfToken csrf, String error) {
		PortalUser user = users.find(pending(session).getName()).orElseThrow();
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Verify your sign-in</title></head>"
				+ "<body><main><h1>Verify your sign-in</h1>");
		if (user.mfaSecret().isEmpty()) {
			String secret = (String) session.getAttribute(ENROLMENT_SECRET);
			if (secret == null) {
				secret = codes.newSecret();
				session.setAttribute(ENROLMENT_SECRET, secret);
			}
			html.append("<p>Your account needs a second step at sign-in. Add this key to an authenticator app, then enter the code it shows.</p>")
					.append("<p>Key: <code id=\"secret\">").append(secret).append("</code></p>")
					.append("<p><a href=\"").append(HtmlUtils.htmlEscape(TotpCodes.enrolmentUri(issuerName, user.username(), secret)))
					.append("\">Open in an authenticator app</a></p>");
		} else {
			html.append("<p>Enter the 6-digit code from your authenticator app.</p>");
		}
		if (error != null) {
			html.append("<p role=\"alert\">").append(HtmlUtils.htmlEscape(error)).append("</p>");
		}
		html.append("<form method=\"post\" action=\"/login/mfa\"><label for=\"code\">Code</label> ")
				.append("<input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" required>")
				.append("<input type=\"hidden\" name=\"").append(csrf.getParameterName()).append("\" value=\"").append(csrf.getToken()).append("\">")
				.append(" <button type=\"submit\">Verify</button></form></main></body></html>");
		return html.toString();
	}
}
