package org.fhirportal.auth.account;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.ProxyGrant;
import org.fhirportal.auth.user.ProxyGrants;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caregiver proxy API, for administrators (a token with scope {@code user.admin}): grant a RelatedPerson
 * account access to a patient's record ({@code POST /api/admin/proxy-grants}), list a caregiver's grants
 * ({@code GET /api/admin/proxy-grants?username=}) and revoke one ({@code DELETE /api/admin/proxy-grants/{id}}),
 * which takes effect at the caregiver's next FHIR request. Errors are JSON {@code {"error", "error_description"}}.
 */
@RestController
public class ProxyGrantController {

	private final ProxyGrants grants;
	private final JdbcPortalUsers users;

	public ProxyGrantController(ProxyGrants grants, JdbcPortalUsers users) {
		this.grants = grants;
		this.users = users;
	}

	/** A grant request; times are ISO-8601 instants, {@code valid_from} defaults to now, {@code valid_until} to open-ended. */
	public record NewGrant(String username, String patient, String valid_from, String valid_until) {}

	@PostMapping(path = "/api/admin/proxy-grants", consumes = "application/json", produces = "application/json")
	public ResponseEntity<Map<String, Object>> grant(@RequestBody NewGrant request, SmartAccessAuthentication caller) {
		if (!isAdministrator(caller)) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "granting proxy access needs scope user.admin");
		}
		if (request == null || request.username() == null
				|| users.find(request.username()).filter(u -> u.role() == PortalRole.RELATED_PERSON).isEmpty()) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "username must name an existing RELATED_PERSON account");
		}
		try {
			ProxyGrant grant = grants.grant(request.username(), request.patient(), instant(request.valid_from()),
					Optional.ofNullable(instant(request.valid_until())), caller.accessContext().subject());
			return ResponseEntity.status(HttpStatus.CREATED).body(json(grant));
		} catch (DateTimeParseException e) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "valid_from and valid_until must be ISO-8601 instants, e.g. 2026-01-31T00:00:00Z");
		} catch (IllegalArgumentException e) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage());
		}
	}

	@GetMapping(path = "/api/admin/proxy-grants", produces = "application/json")
	public ResponseEntity<?> list(@RequestParam("username") String username, SmartAccessAuthentication caller) {
		if (!isAdministrator(caller)) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "listing proxy grants needs scope user.admin");
		}
		List<Map<String, Object>> body = grants.of(username).stream().map(ProxyGrantController::json).toList();
		return ResponseEntity.ok(body);
	}

	@DeleteMapping(path = "/api/admin/proxy-grants/{id}")
	public ResponseEntity<Map<String, Object>> revoke(@PathVariable("id") String id, SmartAccessAuthentication caller) {
		if (!isAdministrator(caller)) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "revoking proxy grants needs scope user.admin");
		}
		if (grants.find(id).isEmpty()) {
			return error(HttpStatus.NOT_FOUND, "invalid_request", "no proxy grant with that id");
		}
		grants.revoke(id);
		return ResponseEntity.noContent().build();
	}

	private static Instant instant(String text) {
		return text == null || text.isBlank() ? null : Instant.parse(text);
	}

	private static Map<String, Object> json(ProxyGrant grant) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", grant.id());
		body.put("username", grant.username());
		body.put("patient", "Patient/" + grant.patientId());
		body.put("valid_from", grant.validFrom().toString());
		grant.validUntil().ifPresent(until -> body.put("valid_until", until.toString()));
		body.put("active", grant.active());
		return body;
	}

	private static boolean isAdministrator(SmartAccessAuthentication caller) {
		return caller != null && caller.accessContext().scopes().has(NonResourceScope.USER_ADMIN);
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
		return ResponseEntity.status(status).body(Map.of("error", code, "error_description", description));
	}
}
