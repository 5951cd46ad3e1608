package org.fhirportal.auth.consent;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.fhirportal.auth.picker.PatientPickerController;
import java.util.Set;
import org.fhirportal.auth.scope.InvalidScopeException;
import org.fhirportal.auth.scope.NonResourceScope;
import org.fhirportal.auth.scope.ScopeDescriptions;
import org.fhirportal.auth.scope.ScopeSet;
import org.fhirportal.auth.scope.SmartScope;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The consent page ({@code /oauth2/consent}, Spring Authorization Server's consent hook): the requested access in
 * plain words (which kinds of data, read or write, for how long), each part a ticked box the user may untick. The
 * form posts the chosen scopes back to the authorization endpoint as repeated {@code scope} fields; the token then
 * carries only those. Scopes the user approved before are listed as already shared.
 */
@Controller
public class ConsentPageController {

	private final RegisteredClientRepository clients;
	private final OAuth2AuthorizationConsentService consents;
	private final ScopeDescriptions descriptions = new ScopeDescriptions();
	private final Optional<PatientPickerController> picker;

	/**
	 * @param picker the patient picker a practitioner goes through first when the app asks for
	 *               {@code launch/patient} (absent where no patient directory exists)
	 */
	public ConsentPageController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
			Optional<PatientPickerController> picker) {
		this.clients = clients;
		this.consents = consents;
		this.picker = picker;
	}

	@GetMapping(path = "/oauth2/consent", produces = MediaType.TEXT_HTML_VALUE)
	public ResponseEntity<String> consent(Principal user, @RequestParam("client_id") String clientId,
			@RequestParam("scope") String scope, @RequestParam("state") String state) {
		RegisteredClient client = clients.findByClientId(clientId);
		if (client == null) {
			return ResponseEntity.badRequest().body("<!DOCTYPE html><html lang=\"en\"><title>Unknown app</title><p>This app is not registered.</p></html>");
		}
		Optional<String> pickFirst = picker.flatMap(p -> p.pickerFor(user.getName(), clientId, scope, state));
		if (pickFirst.isPresent()) {
			return ResponseEntity.status(302).header("Location", pickFirst.get()).build();
		}
		OAuth2AuthorizationConsent previous = consents.findById(client.getId(), user.getName());
		Set<String> approved = previous == null ? Set.of() : previous.getScopes();
		List<String> toApprove = new ArrayList<>();
		Set<String> alreadyApproved = new LinkedHashSet<>();
		for (String requested : scope.split(" ")) {
			if (requested.isBlank() || NonResourceScope.OPENID.value().equals(requested)) {
				continue; // sign-in itself is not a choice
			}
			(approved.contains(requested) ? alreadyApproved : toApprove).add(requested);
		}
		return ResponseEntity.ok()
				.header("Cache-Control", "no-store")
				.body(render(client, state, toApprove, alreadyApproved, scope.contains("offline_access")));
	}

	private String render(RegisteredClient client, String state, List<String> toApprove, Set<String> alreadyApproved, boolean offline) {
		String app = HtmlUtils.htmlEscape(client.getClientName());
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Allow " + app + "?</title></head><body><main>"
				+ "<h1>Allow " + app + " to use your health record?</h1>"
				+ "<form method=\"post\" action=\"/oauth2/authorize\">"
				+ "<input type=\"hidden\" name=\"client_id\" value=\"" + HtmlUtils.htmlEscape(client.getClientId()) + "\">"
				+ "<input type=\"hidden\" name=\"state\" value=\"" + HtmlUtils.htmlEscape(state) + "\">"
				+ "<fieldset><legend>Untick anything you do not want to share</legend>");
		int i = 0;
		for (String scope : toApprove) {
			String id = "scope-" + i++;
			html.append("<div><input type=\"checkbox\" name=\"scope\" id=\"").append(id).append("\" value=\"")
					.append(HtmlUtils.htmlEscape(scope)).append("\" checked> <label for=\"").append(id).append("\">")
					.append(HtmlUtils.htmlEscape(describe(scope))).append("</label></div>");
		}
		html.append("</fieldset>");
		if (!alreadyApproved.isEmpty()) {
			html.append("<p>You already shared:</p><ul>");
			alreadyApproved.forEach(s -> html.append("<li>").append(HtmlUtils.htmlEscape(describe(s))).append("</li>"));
			html.append("</ul>");
		}
		html.append("<p>").append(offline
				? "The app keeps this access until you revoke it in your account's list of connected apps."
				: "The app has this access while you use it; you can revoke it at any time.").append("</p>")
				.append("<button type=\"submit\">Allow</button></form>")
				// denying posts no scope at all, which the authorization server answers with access_denied
				.append("<form method=\"post\" action=\"/oauth2/authorize\">")
				.append("<input type=\"hidden\" name=\"client_id\" value=\"").append(HtmlUtils.htmlEscape(client.getClientId())).append("\">")
				.append("<input type=\"hidden\" name=\"state\" value=\"").append(HtmlUtils.htmlEscape(state)).append("\">")
				.append("<button type=\"submit\">Deny</button></form></main></body></html>");
		return html.toString();
	}

	private String describe(String scope) {
		try {
			ScopeSet parsed = ScopeSet.parse(scope);
			if (!parsed.resourceScopes().isEmpty()) {
				SmartScope resource = parsed.resourceScopes().get(0);
				return descriptions.describe(resource);
			}
			return descriptions.describe(parsed.nonResourceScopes().iterator().next());
		} catch (InvalidScopeException | java.util.NoSuchElementException e) {
			return scope;
		}
	}
}
