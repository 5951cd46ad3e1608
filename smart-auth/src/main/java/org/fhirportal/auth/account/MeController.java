package org.fhirportal.auth.account;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the bearer token's user is ({@code GET /api/me}): username, display name, role and FHIR resource, so that an
 * app can say who is signed in, e.g. a caregiver acting for a patient whose record is open. The ID token names the
 * user only by {@code fhirUser}, which a caregiver's patient-scoped token may not read. A backend client's token
 * is refused; errors are JSON {@code {"error", "error_description"}}.
 */
@RestController
public class MeController {

	private final JdbcPortalUsers users;

	public MeController(JdbcPortalUsers users) {
		this.users = Objects.requireNonNull(users, "users");
	}

	@GetMapping(path = "/api/me", produces = "application/json")
	public ResponseEntity<Map<String, Object>> me(SmartAccessAuthentication caller) {
		SmartAccessContext access = caller == null ? null : caller.accessContext();
		return users.find(access == null || access.subject().equals(access.clientId()) ? "" : access.subject())
				.<ResponseEntity<Map<String, Object>>>map(user -> {
					Map<String, Object> body = new LinkedHashMap<>();
					body.put("username", user.username());
					body.put("name", user.displayName().orElse(user.username()));
					body.put("role", user.role().name());
					user.fhirUser().ifPresent(ref -> body.put("fhirUser", ref));
					return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
				})
				.orElseGet(() -> ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "insufficient_scope",
						"error_description", "this API needs a user's token; a backend client is no user")));
	}
}
