package org.fhirportal.auth.picker;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.branding.BrandedPage;
import org.fhirportal.auth.branding.BrandedPages;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.PortalUser;
import org.fhirportal.auth.user.ProxyGrants;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

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
@BrandedPage
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
	public ModelAndView page(Principal user, @RequestParam("client_id") String clientId, @RequestParam("scope") String scope,
			@RequestParam("state") String state, @RequestParam(name = "name", defaultValue = "") String name, HttpServletResponse response) {
		if (pickerFor(user.getName(), clientId, scope, state).isEmpty()) {
			return BrandedPages.redirect("/oauth2/consent" + query(clientId, scope, state));
		}
		boolean caregiver = users.find(user.getName()).map(u -> u.role() == PortalRole.RELATED_PERSON).orElse(false);
		List<PatientDirectory.PatientSummary> choices = caregiver ? granted(user.getName())
				: name.isBlank() ? List.of() : directory.searchByName(name.trim(), MAX_RESULTS);
		response.setHeader("Cache-Control", "no-store");
		ModelAndView page = new ModelAndView("auth/picker");
		page.addObject("caregiver", caregiver);
		page.addObject("clientId", clientId);
		page.addObject("scope", scope);
		page.addObject("state", state);
		page.addObject("name", name);
		page.addObject("searched", !caregiver && !name.isBlank());
		page.addObject("choices", choices.stream().map(PatientChoice::of).toList());
		return page;
	}

	@PostMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
	public ModelAndView pick(Principal user, @RequestParam("client_id") String clientId, @RequestParam("scope") String scope,
			@RequestParam("state") String state, @RequestParam("patient") String patient) {
		Optional<PortalUser> picker = picking(user.getName(), scope);
		if (pickerFor(user.getName(), clientId, scope, state).isEmpty() || picker.filter(u -> mayPick(u, patient)).isEmpty()) {
			return BrandedPages.problem(HttpStatus.BAD_REQUEST, "Cannot open this record",
					"This patient cannot be chosen for this app. Go back to the app and start again.");
		}
		save(pending(user.getName(), state), patient);
		return BrandedPages.redirect("/oauth2/consent" + query(clientId, scope, state));
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
}
