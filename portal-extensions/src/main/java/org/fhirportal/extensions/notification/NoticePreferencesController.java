package org.fhirportal.extensions.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.fhirportal.auth.account.AccountClients;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.PortalUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The patient's choice of e-mail notices, from their account settings, called with the portal app's bearer token:
 * {@code GET /api/me/notifications} answers {@code {"notices": {"message": true, "results": true, "appointment": true,
 * "refill": true}, "email": "where they go, or null", "sending": true}} and {@code PUT /api/me/notifications} with
 * {@code {"notices": {...}}} sets the kinds it names (true or false) and answers as GET. Only patients' own accounts
 * get notices; only the apps in {@link AccountClients} change them. Errors are JSON {@code {"error",
 * "error_description"}}; a body that is not that shape answers 400 saying what is wrong.
 */
@RestController
public class NoticePreferencesController {

	private final JdbcPortalUsers users;
	private final NoticePreferences preferences;
	private final PatientEmailAddresses addresses;
	private final AccountClients accountClients;
	private final boolean sending;
	private final ObjectMapper json = new ObjectMapper();

	NoticePreferencesController(JdbcPortalUsers users, NoticePreferences preferences, PatientEmailAddresses addresses,
			AccountClients accountClients, boolean sending) {
		this.users = Objects.requireNonNull(users, "users");
		this.preferences = Objects.requireNonNull(preferences, "preferences");
		this.addresses = Objects.requireNonNull(addresses, "addresses");
		this.accountClients = Objects.requireNonNull(accountClients, "accountClients");
		this.sending = sending;
	}

	@GetMapping(path = "/api/me/notifications", produces = "application/json")
	public ResponseEntity<Map<String, Object>> get(SmartAccessAuthentication caller) {
		return withPatient(caller, this::settings);
	}

	@PutMapping(path = "/api/me/notifications", produces = "application/json")
	public ResponseEntity<Map<String, Object>> put(@RequestBody(required = false) String body, SmartAccessAuthentication caller) {
		return withPatient(caller, user -> {
			Map<NoticeKind, Boolean> choices = new EnumMap<>(NoticeKind.class);
			Optional<String> problem = parse(body, choices);
			if (problem.isPresent()) {
				return error(HttpStatus.BAD_REQUEST, "invalid_request", problem.get());
			}
			preferences.set(user.username(), choices);
			return settings(user);
		});
	}

	/** Reads {@code {"notices": {"kind": boolean, ...}}} into {@code choices}; else says what is wrong. */
	private Optional<String> parse(String body, Map<NoticeKind, Boolean> choices) {
		String shape = "the body is {\"notices\": {\"kind\": true or false, ...}} with kinds " + NoticeKind.codes();
		JsonNode root;
		try {
			root = body == null || body.isBlank() ? null : json.readTree(body);
		} catch (JsonProcessingException e) {
			return Optional.of("the body is not JSON: " + shape);
		}
		if (root == null || !root.isObject() || !root.path("notices").isObject()) {
			return Optional.of(shape);
		}
		for (Iterator<Map.Entry<String, JsonNode>> fields = root.get("notices").fields(); fields.hasNext(); ) {
			Map.Entry<String, JsonNode> field = fields.next();
			Optional<NoticeKind> kind = NoticeKind.fromCode(field.getKey());
			if (kind.isEmpty()) {
				return Optional.of("notices." + field.getKey() + " is no kind of notice; kinds are " + NoticeKind.codes());
			}
			if (!field.getValue().isBoolean()) {
				return Optional.of("notices." + field.getKey() + " must be true or false, was " + field.getValue());
			}
			choices.put(kind.get(), field.getValue().booleanValue());
		}
		return Optional.empty();
	}

	private ResponseEntity<Map<String, Object>> settings(PortalUser user) {
		Map<String, Object> notices = new LinkedHashMap<>();
		preferences.of(user.username()).forEach((kind, on) -> notices.put(kind.code(), on));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("notices", notices);
		body.put("email", user.fhirUserId().flatMap(addresses::of).orElse(null));
		body.put("sending", sending);
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
	}

	private ResponseEntity<Map<String, Object>> withPatient(SmartAccessAuthentication caller,
			Function<PortalUser, ResponseEntity<Map<String, Object>>> action) {
		if (caller == null) {
			return error(HttpStatus.UNAUTHORIZED, "invalid_token", "a bearer token is required");
		}
		SmartAccessContext access = caller.accessContext();
		Optional<PortalUser> user = access.subject().equals(access.clientId()) ? Optional.empty() : users.find(access.subject());
		if (user.isEmpty()) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "this API needs a user's token; a backend client gets no notices");
		}
		if (user.get().role() != PortalRole.PATIENT) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "e-mail notices go to patients' own accounts; a "
					+ user.get().role().name().toLowerCase() + " account has none");
		}
		if (!accountClients.mayChangeAccount(access.clientId())) {
			return error(HttpStatus.FORBIDDEN, "insufficient_scope", "notice settings can be changed only in the patient portal, not by "
					+ access.clientId());
		}
		return action.apply(user.get());
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", code);
		body.put("error_description", description);
		return ResponseEntity.status(status).body(body);
	}
}
