package org.fhirportal.auth.branding;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/** The answers a {@link BrandedPage} controller gives besides its own page: a redirect, or a problem page. */
public final class BrandedPages {

	private BrandedPages() {
	}

	/** A {@code 302} to {@code location} (taken as is: no template variables, no model in the query). */
	public static ModelAndView redirect(String location) {
		RedirectView view = new RedirectView(location, true);
		view.setExpandUriTemplateVariables(false);
		view.setExposeModelAttributes(false);
		view.setStatusCode(HttpStatus.FOUND);
		return new ModelAndView(view);
	}

	/** The problem page ({@code auth/problem}): a heading and what to do, in plain words. */
	public static ModelAndView problem(HttpStatus status, String heading, String message) {
		return new ModelAndView("auth/problem", Map.of("heading", heading, "message", message), status);
	}
}
