package org.fhirportal.auth.mfa;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.account.AccountClients;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditPublisher;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.PortalUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Two-step sign-in (TOTP, RFC 6238) from the user's account settings, called with the portal app's bearer token:
 * {@code GET /api/me/mfa} (on or off, and whether the role requires it), {@code POST /api/me/mfa/enrolment} (a new
 * secret and its {@code otpauth://} URI, pending for {@link MfaEnrolments#PENDING_FOR}), {@code POST
 * /api/me/mfa/enrolment/confirm} with {@code {"code"}} (on only if the code verifies) and {@code DELETE /api/me/mfa}
 * with {@code {"code"}} (off, with a current code, unless the role requires it). Once on, sign-in asks for a code
 * ({@link MfaLoginSuccessHandler}). Only a user's token of an app in {@link AccountClients} is accepted; wrong codes
 * when switching off count towards the account lockout, as at sign-in. Errors are JSON
 * {@code {"error", "error_description"}}. Hand-written: Spring Authorization Server has no account API.
 */
@RestController
public class MfaSettingsController {

	/** A code from the user's authenticator app. */
	public record Code(String code) {}

	private final JdbcPortalUsers users;
	private final MfaEnrolments enrolments;
	private final TotpCodes codes;
	private final String issuerName;
	private final Set<PortalRole> requiredRoles;
	private final AccountClients accountClients;
	private final int maxAttempts;
	private final Duration lockout;
	private final SecurityAuditPublisher audit;

	public MfaSettingsController(JdbcPortalUsers users, MfaEnrolments enrolments, TotpCodes codes, String issuerName,
			Set<PortalRole> requiredRoles, AccountClients accountClients, int maxAttempts, Duration lockout, SecurityAuditPublisher audit) {
		this.users = Objects.requireNonNull(users, "users");
		this.enrolments = Objects.requireNonNull(enrolments, "enrolments");
		this.codes = Objects.requireNonNull(codes, "codes");
		this.issuerName = Objects.requireNonNull(issuerName, "issuerName");
		this.requiredRoles = Set.copyOf(requiredRoles);
		this.accountClients = Objects.requireNonNull(accountClients, "accountClients");
		this.maxAttempts = maxAttempts;
		this.lockout = Objects.requireNonNull(lockout, "lockout");
		this.audit = Objects.requireNonNull(audit, "audit");
	}

	@GetMapping(path = "/api/me/mfa", produces = "application/json")
	public ResponseEntity<Map<String, Object>> status(SmartAccessAuthentication caller) {
		return withUser(caller, user -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("enrolled", user.mfaSecret().isPresent());
			body.put("required", requiredRoles.contains(user.role()));
			body.put("pending", user.mfaSecret().isEmpty() && enrolments.pending(user.username()).isPresent());
			return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
		});
	}

	@PostMapping(path = "/api/me/mfa/enrolment", produces = "application/json")
	public ResponseEntity<Map<String, Object>> start(SmartAccessAuthentication caller) {
		return withUser(caller, user -> {
			if (user.mfaSecret().isPresent()) {
				return error(HttpStatus.CONFLICT, "already_enrolled", "two-step sign-in is already on; switch it off first to use a new key");
			}
			String secret = codes.newSecret();
			Instant until = enrolments.start(user.username(), secret);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("secret", secret);
			body.put("otpauth_uri", TotpCodes.enrolmentUri(issuerName, user.username(), secret));
			body.put("expires_at", until.toString());
			return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(body);
		});
	}

	@PostMapping(path = "/api/me/mfa/enrolment/confirm", produces = "application/json")
	public ResponseEntity<Map<String, Object>> confirm(@RequestBody(required = false) Code request, SmartAccessAuthentication caller) {
		return withUser(caller, user -> {
			if (user.mfaSecret().isPresent()) {
				return error(HttpStatus.CONFLICT, "already_enrolled", "two-step sign-in is already on");
			}
			Optional<String> secret = enrolments.pending(user.username());
			if (secret.isEmpty()) {
				return error(HttpStatus.BAD_REQUEST, "no_enrolment", "no set-up is waiting for a code (it expires after "
						+ MfaEnrolments.PENDING_FOR.toMinutes() + " minutes); start again");
			}
			if (!codes.verify(secret.get(), code(request))) {
				audit.publish(SecurityAuditEvent.Type.MFA, user.username(), clientId(caller), false, "wrong TOTP code at enrolment");
				return error(HttpStatus.BAD_REQUEST, "invalid_code", "that code is not right: enter the current 6-digit code of the new key");
			}
			enrolments.confirm(user.username(), secret.get());
			audit.publish(SecurityAuditEvent.Type.MFA, user.username(), clientId(caller), true, "TOTP enrolled from account settings");
			return ResponseEntity.ok(Map.of("enrolled", true));
		});
	}

	@DeleteMapping(path = "/api/me/mfa", produces = "application/json")
	public ResponseEntity<Map<String, Object>> remove(@RequestBody(required = false) Code request, SmartAccessAuthentication caller) {
		return withUser(caller, user -> {
			if (requiredRoles.contains(user.role())) {
				return error(HttpStatus.CONFLICT, "mfa_required", "your account must use two-step sign-in; it cannot be switched off");
			}
			if (user.mfaSecret().isEmpty()) {
				return error(HttpStatus.CONFLICT, "not_enrolled", "two-step sign-in is not on");
			}
			if (!codes.verify(user.mfaSecret().get(), code(request))) {
				audit.publish(SecurityAuditEvent.Type.MFA, user.username(), clientId(caller), false, "wrong TOTP code to switch off");
				if (users.recordFailure(user.username(), maxAttempts, lockout)) {
					audit.publish(SecurityAuditEvent.Type.LOCKOUT, user.username(), clientId(caller), true, maxAttempts + " wrong codes in a row");
				}
				return error(HttpStatus.BAD_REQUEST, "invalid_code", "that code is not right: enter the current 6-digit code of your authenticator app");
			}
			users.recordSuccess(user.username());
			enrolments.remove(user.username());
			audit.publish(SecurityAuditEvent.Type.MFA, user.username(), clientId(caller), true, "TOTP removed from account settings");
			return ResponseEntity.ok(Map.of("enrolled", false));
		});
	}

	private ResponseEntity<Map<String, Object>> withUser(SmartAccessAuthentication caller,
			java.util.function.Function<PortalUser, ResponseEntity<Map<String, Object>>> action) {
		if (caller == null) {
			return error(HttpStatus.UNAUTHORIZED, "invalid_token", "a bearer token is required");
		}
		SmartAccessContext access = caller.accessContext();
		Optional<PortalUser> user = access.subject().equals(access.clientId()) ? Optional.empty() : users.find(access.subject());
		if (user.isEmpty()) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "this API needs a user's token; a backend client has no sign-in");
		}
		if (!accountClients.mayChangeAccount(access.clientId())) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "sign-in settings can be changed only in the patient portal, not by "
					+ access.clientId());
		}
		return action.apply(user.get());
	}

	private static String clientId(SmartAccessAuthentication caller) {
		return caller.accessContext().clientId();
	}

	private static String code(Code request) {
		return request == null || request.code() == null ? "" : request.code().trim();
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
		return ResponseEntity.status(status).body(Map.of("error", code, "error_description", description));
	}
}
