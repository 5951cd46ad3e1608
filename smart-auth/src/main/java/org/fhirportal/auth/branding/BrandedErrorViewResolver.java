package org.fhirportal.auth.branding;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * Error pages for people's browsers (Spring Boot's {@code /error} for requests that accept HTML) in the
 * organization's look: what happened in plain words and what to do, never the exception or the request's internals.
 * JSON clients, and the FHIR and OAuth endpoints, keep their own error bodies.
 */
public final class BrandedErrorViewResolver implements ErrorViewResolver {

	private final BrandingProperties branding;

	public BrandedErrorViewResolver(BrandingProperties branding) {
		this.branding = Objects.requireNonNull(branding, "branding");
	}

	@Override
	public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
		Map<String, Object> page = new HashMap<>();
		page.put(BrandingModelAdvice.ATTRIBUTE, branding);
		page.put("status", status.value());
		page.put("heading", heading(status));
		page.put("message", message(status));
		return new ModelAndView("auth/problem", page, status);
	}

	static String heading(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "We cannot find this page";
			case FORBIDDEN, UNAUTHORIZED -> "You cannot open this page";
			case TOO_MANY_REQUESTS -> "Too many tries";
			default -> status.is4xxClientError() ? "This request did not work" : "Something went wrong on our side";
		};
	}

	static String message(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "The address may be mistyped or out of date. Go back to the app you came from and start again.";
			case FORBIDDEN, UNAUTHORIZED -> "Your account does not give access to this page. Sign in again from the app you came from.";
			case TOO_MANY_REQUESTS -> "Wait a few minutes, then try again.";
			default -> status.is4xxClientError() ? "Go back to the app you came from and start again."
					: "Nothing you did caused this. Try again in a few minutes.";
		};
	}
}
