package org.fhirportal.auth.account;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.user.JdbcActivationCodes;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.PortalUser;
import org.fhirportal.auth.user.UserPasswords;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The account API. Administrators (a token with scope {@code user.admin}) create accounts
 * ({@code POST /api/admin/users}) and issue activation codes for Patient records
 * ({@code POST /api/admin/activation-codes}); a patient turns a code into their own account
 * ({@code POST /api/activate}, no token). Errors are JSON {@code {"error", "error_description"}}.
 */
@RestController
public class AccountController {

	private final JdbcPortalUsers users;
	private final JdbcActivationCodes activationCodes;

	public AccountController(JdbcPortalUsers users, JdbcActivationCodes activationCodes) {
		this.users = users;
		this.activationCodes = activationCodes;
	}

	/** A new account. */
	public record NewUser(String username, String password, PortalRole role, String fhirUser, String displayName) {}

	/** A request for an activation code. */
	public record NewActivationCode(String patient) {}

	/** A patient's activation. */
	public record Activation(String code, String username, String password) {}

	@PostMapping(path = "/api/admin/users", consumes = "application/json", produces = "application/json")
	public ResponseEntity<Map<String, Object>> createUser(@RequestBody NewUser request, SmartAccessAuthentication caller) {
		if (!isAdministrator(caller)) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "creating accounts needs scope user.admin");
		}
		if (request == null || request.role() == null) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "role must be one of PATIENT, PRACTITIONER, RELATED_PERSON, ADMINISTRATOR, ANALYST");
		}
		return created(() -> users.create(request.username(), request.password(), request.role(), request.fhirUser(), request.displayName()));
	}

	@PostMapping(path = "/api/admin/activation-codes", consumes = "application/json", produces = "application/json")
	public ResponseEntity<Map<String, Object>> issueCode(@RequestBody NewActivationCode request, SmartAccessAuthentication caller) {
		if (!isAdministrator(caller)) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "issuing activation codes needs scope user.admin");
		}
		if (request == null || request.patient() == null || !request.patient().matches("[A-Za-z0-9\\-.]{1,64}")) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "patient must be a FHIR Patient id");
		}
		JdbcActivationCodes.IssuedCode issued = activationCodes.issue(request.patient(), caller.accessContext().clientId());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", issued.code());
		body.put("patient", "Patient/" + issued.patientId());
		body.put("expires_at", issued.expiresAt().toString());
		return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(body);
	}

	@PostMapping(path = "/api/activate", consumes = "application/json", produces = "application/json")
	public ResponseEntity<Map<String, Object>> activate(@RequestBody Activation request) {
		if (request == null || request.code() == null) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "code, username and password are required");
		}
		try {
			UserPasswords.checkPolicy(request.password());
		} catch (IllegalArgumentException e) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
		}
		return activationCodes.redeem(request.code())
				.map(patient -> created(() -> users.create(request.username(), request.password(), PortalRole.PATIENT, "Patient/" + patient, null)))
				.orElseGet(() -> error(HttpStatus.BAD_REQUEST, "invalid_grant", "the activation code is unknown, expired or already used"));
	}

	private ResponseEntity<Map<String, Object>> created(java.util.function.Supplier<PortalUser> creation) {
		try {
			PortalUser user = creation.get();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("username", user.username());
			body.put("role", user.role().name());
			user.fhirUser().ifPresent(ref -> body.put("fhirUser", ref));
			return ResponseEntity.status(HttpStatus.CREATED).body(body);
		} catch (DuplicateKeyException e) {
			return error(HttpStatus.CONFLICT, "invalid_request", "that username is taken");
		} catch (IllegalArgumentException e) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
		}
	}

	private static boolean isAdministrator(SmartAccessAuthentication caller) {
		return caller != null && caller.accessContext().scopes().has(NonResourceScope.USER_ADMIN);
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
		return ResponseEntity.status(status).body(Map.of("error", code, "error_description", description));
	}
}
