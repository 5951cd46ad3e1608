package org.fhirportal.auth.apps;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's own list of approved apps ({@code GET /api/me/apps}) and its revocation
 * ({@code DELETE /api/me/apps/{clientId}}: consent withdrawn, the app's tokens revoked at once). The caller is the
 * user named by the bearer token's {@code sub}, for instance the portal web app with its own SMART access token;
 * a backend client's token ({@code sub} = its client id) is refused. Errors are JSON
 * {@code {"error", "error_description"}}.
 */
@RestController
public class ConnectedAppsController {

	private final ConnectedApps apps;
	private final java.util.function.Predicate<String> isUser;

	/**
	 * @param apps   the approved apps
	 * @param isUser whether a token's subject is a portal user
	 */
	public ConnectedAppsController(ConnectedApps apps, java.util.function.Predicate<String> isUser) {
		this.apps = Objects.requireNonNull(apps, "apps");
		this.isUser = Objects.requireNonNull(isUser, "isUser");
	}

	@GetMapping(path = "/api/me/apps", produces = "application/json")
	public ResponseEntity<?> list(SmartAccessAuthentication caller) {
		Optional<String> user = user(caller);
		if (user.isEmpty()) {
			return notAUser();
		}
		List<ConnectedApps.ConnectedApp> approved = apps.list(user.get());
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(approved.stream().map(app -> Map.of(
				"client_id", app.clientId(), "client_name", app.clientName(), "scope", String.join(" ", app.scopes()),
				"active", app.active())).toList());
	}

	@DeleteMapping(path = "/api/me/apps/{clientId}", produces = "application/json")
	public ResponseEntity<?> revoke(@PathVariable String clientId, SmartAccessAuthentication caller) {
		Optional<String> user = user(caller);
		if (user.isEmpty()) {
			return notAUser();
		}
		return apps.revoke(user.get(), clientId)
				? ResponseEntity.noContent().build()
				: ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "not_found", "error_description",
						"you have not approved an app with client_id " + clientId));
	}

	private Optional<String> user(SmartAccessAuthentication caller) {
		if (caller == null) {
			return Optional.empty();
		}
		SmartAccessContext access = caller.accessContext();
		return access.subject().equals(access.clientId()) || !isUser.test(access.subject()) ? Optional.empty() : Optional.of(access.subject());
	}

	private static ResponseEntity<?> notAUser() {
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", "insufficient_scope", "error_description",
				"this API needs a user's token; a backend client has no approved apps"));
	}
}
