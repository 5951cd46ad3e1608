package org.fhirportal.auth.picker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.PortalUser;
import org.fhirportal.auth.user.ProxyGrants;
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
 * several patients, the authorization server lets the user select one"): a user who signs in to an app asking for
 * {@code launch/patient} without an EHR launch picks the patient before the consent page. A practitioner searches
 * patients by name; a caregiver (RelatedPerson account) chooses among the patients of their proxy grants in force,
 * and with a single grant that patient is picked without asking. The pick is stored on the pending authorization
 * ({@link PickedPatient}) and becomes the token's {@code patient}; a posted patient outside the user's choice is
 * refused. Hand-written: Spring Authorization Server has no launch-context step; this one sits between its
 * authorization request and its consent page.
 */
@Controller
public class PatientPickerController {

	public static final String PATH = "/oauth2/patient-picker";
	private static final int MAX_RESULTS = 20;
	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final JdbcPortalUsers users;
	private final OAuth2AuthorizationService authorizations;
	private final PatientDirectory directory;
	private final ProxyGrants proxyGrants;

	public PatientPickerController(JdbcPortalUsers users, OAuth2AuthorizationService authorizations, PatientDirectory directory,
			ProxyGrants proxyGrants) {
		this.users = Objects.requireNonNull(users, "users");
		this.authorizations = Objects.requireNonNull(authorizations, "authorizations");
		this.directory = Objects.requireNonNull(directory, "directory");
		this.proxyGrants = Objects.requireNonNull(proxyGrants, "proxyGrants");
	}

	/**
	 * Where the consent page sends the user first, if a patient must be picked: a practitioner or a caregiver, an
	 * app asking for {@code launch/patient}, no EHR launch value and no patient picked yet for this authorization.
	 * A caregiver with exactly one grant in force has that patient picked here, and goes on to the consent page.
	 */
	public Optional<String> pickerFor(String username, String clientId, String scope, String state) {
		Optional<PortalUser> user = picking(username, scope);
		OAuth2Authorization authorization = user.isEmpty() ? null : pending(username, state);
		if (authorization == null || PickedPatient.of(authorization).isPresent() || hasEhrLaunch(authorization)) {
			return Optional.empty();
		}
		if (user.get().role() == PortalRole.RELATED_PERSON) {
			Set<String> granted = proxyGrants.patientsInForce(username);
			if (granted.size() == 1) {
				save(authorization, granted.iterator().next());
				return Optional.empty();
			}
		}
		return Optional.of(PATH + query(clientId, scope, state));
	}

	/** The signed-in user, if they must pick a patient for this scope: practitioners and caregivers at {@code launch/patient}. */
	private Optional<PortalUser> picking(String username, String scope) {
		if (!List.of(scope.split(" ")).contains("launch/patient")) {
			return Optional.empty();
		}
		return users.find(username).filter(user -> user.role() == PortalRole.PRACTITIONER || user.role() == PortalRole.RELATED_PERSON);
	}

	/** A practitioner may pick any existing patient; a caregiver only a patient of a grant in force now. */
	private boolean mayPick(PortalUser user, String patient) {
		if (user.role() == PortalRole.RELATED_PERSON) {
			return proxyGrants.patientsInForce(user.username()).contains(patient);
		}
		return directory.find(patient).isPresent();
	}

	/** A caregiver's choice: the patients of their grants in force, by name. */
	private List<PatientDirectory.PatientSummary> granted(String username) {
		return proxyGrants.patientsInForce(username).stream().sorted()
				.map(id -> directory.find(id).orElseGet(() -> new PatientDirectory.PatientSummary(id, "Patient " + id, null)))
				.toList();
	}

	@GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
	public ResponseEntity<String> page(Principal user, @RequestParam("client_id") String clientId, @RequestParam("scope") String scope,
			@RequestParam("state") String state, @RequestParam(name = "name", defaultValue = "") String name, CsrfToken csrf) {
		if (pickerFor(user.getName(), clientId, scope, state).isEmpty()) {
			return ResponseEntity.status(HttpStatus.FOUND).header("Location", "/oauth2/consent" + query(clientId, scope, state)).build();
		}
		boolean caregiver = users.find(user.getName()).map(u -> u.role() == PortalRole.RELATED_PERSON).orElse(false);
		String body = caregiver
				? renderGranted(clientId, scope, state, granted(user.getName()), csrf)
				: render(clientId, scope, state, name, name.isBlank() ? List.of() : directory.searchByName(name.trim(), MAX_RESULTS), csrf);
		return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
	}

	@PostMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
	public ResponseEntity<String> pick(Principal user, @RequestParam("client_id") String clientId, @RequestParam("scope") String scope,
			@RequestParam("state") String state, @RequestParam("patient") String patient) {
		Optional<PortalUser> picker = picking(user.getName(), scope);
		if (pickerFor(user.getName(), clientId, scope, state).isEmpty() || picker.filter(u -> mayPick(u, patient)).isEmpty()) {
			return ResponseEntity.badRequest().body("<!DOCTYPE html><html lang=\"en\"><title>Cannot open this record</title>"
					+ "<p>This patient cannot be chosen for this app. Start again from the app.</p></html>");
		}
		save(pending(user.getName(), state), patient);
		return ResponseEntity.status(HttpStatus.FOUND).header("Location", "/oauth2/consent" + query(clientId, scope, state)).build();
	}

	private void save(OAuth2Authorization authorization, String patient) {
		authorizations.save(OAuth2Authorization.from(authorization).attribute(PickedPatient.ATTRIBUTE, patient).build());
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
		appendChoices(html, hidden, found, csrf);
		return html.append("</main></body></html>").toString();
	}

	private static String renderGranted(String clientId, String scope, String state, List<PatientDirectory.PatientSummary> granted,
			CsrfToken csrf) {
		String hidden = hidden("client_id", clientId) + hidden("scope", scope) + hidden("state", state);
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Choose a patient</title></head><body><main>"
				+ "<h1>Which patient's record should the app open?</h1>");
		if (granted.isEmpty()) {
			html.append("<p role=\"status\">You do not act for any patient at the moment. Ask the practice to grant you access.</p>");
		}
		appendChoices(html, hidden, granted, csrf);
		return html.append("</main></body></html>").toString();
	}

	private static void appendChoices(StringBuilder html, String hidden, List<PatientDirectory.PatientSummary> patients, CsrfToken csrf) {
		if (patients.isEmpty()) {
			return;
		}
		html.append("<ul>");
		for (PatientDirectory.PatientSummary patient : patients) {
			html.append("<li><form method=\"post\" action=\"").append(PATH).append("\">").append(hidden)
					.append(hidden("patient", patient.id())).append(hidden(csrf.getParameterName(), csrf.getToken()))
					.append("<button type=\"submit\">").append(HtmlUtils.htmlEscape(patient.name()))
					.append(patient.birthDate() == null ? "" : ", born " + HtmlUtils.htmlEscape(patient.birthDate()))
					.append("</button></form></li>");
		}
		html.append("</ul>");
	}

	private static String hidden(String name, String value) {
		return "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(name) + "\" value=\"" + HtmlUtils.htmlEscape(value) + "\">";
	}
}
