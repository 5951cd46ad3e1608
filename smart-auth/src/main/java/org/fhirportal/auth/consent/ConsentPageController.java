package org.fhirportal.auth.consent;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.branding.BrandedPage;
import org.fhirportal.auth.branding.BrandedPages;
import org.fhirportal.auth.picker.PatientPickerController;
import org.fhirportal.auth.scope.NonResourceScope;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The consent page ({@code /oauth2/consent}, Spring Authorization Server's consent hook): the requested access in
 * patients' words ("Your appointments: book and cancel", see {@link ConsentWording}), each part a ticked box the
 * user may untick, the technical scope behind a "details" disclosure. The form posts the chosen scopes back to the
 * authorization endpoint as repeated {@code scope} fields; the token then carries only those. Scopes the user
 * approved before are listed as already shared.
 */
@Controller
@BrandedPage
public class ConsentPageController {

	private final RegisteredClientRepository clients;
	private final OAuth2AuthorizationConsentService consents;
	private final ConsentWording wording = new ConsentWording();
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
	public ModelAndView consent(Principal user, @RequestParam("client_id") String clientId, @RequestParam("scope") String scope,
			@RequestParam("state") String state, HttpServletResponse response) {
		RegisteredClient client = clients.findByClientId(clientId);
		if (client == null) {
			return BrandedPages.problem(HttpStatus.BAD_REQUEST, "Unknown app",
					"This app is not registered with us. Go back to the app and start again, or ask its maker for help.");
		}
		Optional<String> pickFirst = picker.flatMap(p -> p.pickerFor(user.getName(), clientId, scope, state));
		if (pickFirst.isPresent()) {
			return BrandedPages.redirect(pickFirst.get());
		}
		OAuth2AuthorizationConsent previous = consents.findById(client.getId(), user.getName());
		Set<String> approved = previous == null ? Set.of() : previous.getScopes();
		List<ConsentWording.Line> toApprove = new ArrayList<>();
		List<ConsentWording.Line> alreadyApproved = new ArrayList<>();
		for (String requested : scope.split(" ")) {
			if (requested.isBlank() || NonResourceScope.OPENID.value().equals(requested)) {
				continue; // sign-in itself is not a choice
			}
			(approved.contains(requested) ? alreadyApproved : toApprove).add(wording.line(requested));
		}
		response.setHeader("Cache-Control", "no-store");
		ModelAndView page = new ModelAndView("auth/consent");
		page.addObject("appName", client.getClientName());
		page.addObject("clientId", client.getClientId());
		page.addObject("state", state);
		page.addObject("toApprove", toApprove);
		page.addObject("alreadyApproved", alreadyApproved);
		page.addObject("offline", List.of(scope.split(" ")).contains(NonResourceScope.OFFLINE_ACCESS.value()));
		return page;
	}
}
