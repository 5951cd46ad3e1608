package org.fhirportal.auth.picker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The patient picker of a standalone launch (SMART App Launch 2.2, "launch/patient": "if the user has access to
 * several patients, the authorization server lets the user select one"): a practitioner who signs in to an app
 * asking for {@code launch/patient} without an EHR launch searches patients by name and picks one, before the
 * consent page. The pick is stored on the pending authorization ({@link PickedPatient}) and becomes the token's
 * {@code patient}. Hand-written: Spring Authorization Server has no launch-context step; this one sits between its
 * authorization request and its consent page. (Caregivers picking among the patients they are proxies for are
 * not handled yet.)
 */
@Controller
public class PatientPickerController {

	public static final String PATH = "/oauth2/patient-picker";
	private static final int MAX_RESULTS = 20;
	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final JdbcPortalUsers users;
	private final OAuth2AuthorizationService authorizations;
	private final PatientDirectory directory;

	public PatientPickerController(JdbcPortalUsers users, OAuth2AuthorizationService authorizations, PatientDirectory directory) {
		this.users = Objects.requireNonNull(users, "users");
		this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
		this.directory = Objects.requireNonNull(directory, "directory");
	}

	/**
	 * Where the consent page sends the user first, if a patient must be picked: a practitioner, an app asking for
	 * {@code launch/patient}, no EHR launch value and no patient picked yet for this authorization.
	 */
	public Optional<String> pickerFor(String username, String clientId, String scope, String state) {
		if (!List.of(scope.split(" ")).contains("launch/patient")
				|| users.find(username).map(user -> user.role() != PortalRole.PRACTITIONER).orElse(true)) {
			return Optional.empty();
		}
		OAuth2Authorization authorization = pending(username, state);
		if (authorization == null || PickedPatient.of(authorization).isPresent() || hasEhrLaunch(authorization)) {
			return Optional.empty();
		}
		return Optional.of(PATH + query(clientId, scope, state));
	}

	@GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
	public ResponseEntity<String> page(Principal user, @RequestParam("client_id") String clientId, @RequestParam("scope") String scope,
			@RequestParam("state") String state, @RequestParam(name = "name", defaultValue = "") String name, CsrfToken csrf) {
		if (pickerFor(user.getName(), clientId, scope, state).isEmpty()) {
			return ResponseEntity.status(HttpStatus.FOUND).header("Location", "/oauth2/consent" + query(clientId, scope, state)).build();
		}
		List<PatientDirectory.PatientSummary> found = name.isBlank() ? List.of() : directory.searchByName(name.trim(), MAX_RESULTS);
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(render(clientId, scope, state, name, found, csrf));
	}

	@PostMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
	public ResponseEntity<String> pick(Principal user, @RequestParam("client_id") String clientId, @RequestParam("scope") String scope,
			@RequestParam("state") String state, @RequestParam("patient") String patient) {
		if (pickerFor(user.getName(), clientId, scope, state).isEmpty() || directory.find(patient).isEmpty()) {
			return ResponseEntity.badRequest().body("<!DOCTYPE html><html lang=\"en\"><title>Cannot open this record</title>"
					+ "<p>This patient cannot be chosen for this app. Start again from the app.</p></html>");
		}
		OAuth2Authorization authorization = pending(user.getName(), state);
		authorizations.save(OAuth2Authorization.from(authorization).attribute(PickedPatient.ATTRIBUTE, patient).build());
		return ResponseEntity.status(HttpStatus.FOUND).header("Location", "/oauth2/consent" + query(clientId, scope, state)).build();
	}

	private OAuth2Authorization pending(String username, String state) {
		OAuth2Authorization authorization = authorizations.findByToken(state, STATE);
		return authorization != null && authorization.getPrincipalName().equals(username) ? authorization : null;
	}

	private static boolean hasEhrLaunch(OAuth2Authorization authorization) {
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		return request != null && request.getAdditionalParameters().get("launch") != null;
	}

	private static String query(String clientId, String scope, String state) {
		return "?client_id=" + enc(clientId) + "&scope=" + enc(scope) + "&state=" + enc(state);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String render(String clientId, String scope, String state, String name, List<PatientDirectory.PatientSummary> found,
			CsrfToken csrf) {
		String hidden = hidden("client_id", clientId) + hidden("scope", scope) + hidden("state", state);
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Choose a patient</title></head><body><main>"
				+ "<h1>Which patient's record should the app open?</h1>"
				+ "<form method=\"get\" action=\"" + PATH + "\">" + hidden
				+ "<label for=\"name\">Patient name</label> <input id=\"name\" name=\"name\" value=\"" + HtmlUtils.htmlEscape(name) + "\" required>"
				+ " <button type=\"submit\">Search</button></form>");
		if (!name.isBlank() && found.isEmpty()) {
			html.append("<p role=\"status\">No patient found with that name.</p>");
		}
		if (!found.isEmpty()) {
			html.append("<ul>");
			for (PatientDirectory.PatientSummary patient : found) {
				html.append("<li><form method=\"post\" action=\"").append(PATH).append("\">").append(hidden)
						.append(hidden("patient", patient.id())).append(hidden(csrf.getParameterName(), csrf.getToken()))
						.append("<button type=\"submit\">").append(HtmlUtils.htmlEscape(patient.name()))
						.append(patient.birthDate() == null ? "" : ", born " + HtmlUtils.htmlEscape(patient.birthDate()))
						.append("</button></form></li>");
			}
			html.append("</ul>");
		}
		return html.append("</main></body></html>").toString();
	}

	private static String hidden(String name, String value) {
		return "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(name) + "\" value=\"" + HtmlUtils.htmlEscape(value) + "\">";
	}
}
