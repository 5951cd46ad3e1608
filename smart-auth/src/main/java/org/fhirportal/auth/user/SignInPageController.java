package org.fhirportal.auth.user;

import jakarta.servlet.http.HttpServletResponse;
import org.fhirportal.auth.branding.BrandedPage;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page ({@code GET /login}) in the organization's look, with visible labels; Spring Security's form
 * login takes the posted username and password at {@code POST /login} and comes back here with {@code ?error} when
 * they do not match (never saying whether the account exists or is locked).
 */
@Controller
@BrandedPage
public class SignInPageController {

	/** Where the authorization endpoint sends people who are not signed in yet. */
	public static final String PATH = "/login";

	@GetMapping(PATH)
	public String page(HttpServletResponse response) {
		response.setHeader("Cache-Control", "no-store");
		return "auth/login";
	}
}
