package org.fhirportal.auth.account;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import java.util.Optional;
import org.fhirportal.auth.branding.BrandedPage;
import org.fhirportal.auth.user.JdbcActivationCodes;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.auth.user.UserPasswords;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Account activation in the browser ({@value #PATH}): a patient types the activation code from their letter, and
 * chooses a username and a password; the same rules as {@code POST /api/activate}. The username and password are
 * checked before the code is spent, so a taken username or a short password leaves the code usable; a wrong code
 * says so without telling whether it ever existed.
 */
@Controller
@BrandedPage
public class ActivationPageController {

	/** Where patients activate their account; public, as the sign-in page is. */
	public static final String PATH = "/activate";

	private final JdbcPortalUsers users;
	private final JdbcActivationCodes activationCodes;

	public ActivationPageController(JdbcPortalUsers users, JdbcActivationCodes activationCodes) {
		this.users = Objects.requireNonNull(users, "users");
		this.activationCodes = Objects.requireNonNull(activationCodes, "activationCodes");
	}

	@GetMapping(PATH)
	public ModelAndView page(HttpServletResponse response) {
		response.setHeader("Cache-Control", "no-store");
		return form("", "", null, HttpStatus.OK);
	}

	@PostMapping(PATH)
	public ModelAndView activate(@RequestParam(name = "code", defaultValue = "") String code,
			@RequestParam(name = "username", defaultValue = "") String username,
			@RequestParam(name = "password", defaultValue = "") String password, HttpServletResponse response) {
		response.setHeader("Cache-Control", "no-store");
		Optional<String> problem = problemWith(username.trim(), password);
		if (problem.isPresent()) {
			return form(code, username, problem.get(), HttpStatus.BAD_REQUEST);
		}
		Optional<String> patient = activationCodes.redeem(code.trim());
		if (patient.isEmpty()) {
			return form(code, username, "That activation code is not right, has expired or was used already. Check the letter, "
					+ "or ask the practice for a new code.", HttpStatus.BAD_REQUEST);
		}
		try {
			users.create(username.trim(), password, PortalRole.PATIENT, "Patient/" + patient.get(), null);
		} catch (DuplicateKeyException e) {
			// taken between the check and now: the code is spent, so the practice issues a new one
			return form("", username, "That username was taken a moment ago. Ask the practice for a new activation code.",
					HttpStatus.CONFLICT);
		}
		ModelAndView done = new ModelAndView("auth/activated");
		done.addObject("username", username.trim());
		return done;
	}

	private Optional<String> problemWith(String username, String password) {
		if (!username.matches("[A-Za-z0-9._@-]{3,100}")) {
			return Optional.of("Choose a username of 3 to 100 letters, digits or . _ @ -");
		}
		if (users.find(username).isPresent()) {
			return Optional.of("That username is taken. Choose another one.");
		}
		try {
			UserPasswords.checkPolicy(password);
			return Optional.empty();
		} catch (IllegalArgumentException e) {
			return Optional.of("Choose a password of " + UserPasswords.MIN_LENGTH + " to " + UserPasswords.MAX_LENGTH
					+ " characters; a few words in a row are easy to remember.");
		}
	}

	private static ModelAndView form(String code, String username, String error, HttpStatus status) {
		ModelAndView page = new ModelAndView("auth/activate", status);
		page.addObject("code", code);
		page.addObject("username", username);
		page.addObject("error", error);
		return page;
	}
}
