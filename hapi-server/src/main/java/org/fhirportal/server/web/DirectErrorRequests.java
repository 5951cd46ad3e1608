package org.fhirportal.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;

/**
 * Spring Boot's error endpoint, except that a request sent to {@code /error} directly (not forwarded by the
 * container after a failure, so without an error status) is answered as what it is, a path with nothing to serve:
 * 404, where Boot answers 500 with "status 999". Error bodies carry no stack trace
 * ({@code server.error.include-stacktrace} stays {@code never}).
 */
final class DirectErrorRequests extends BasicErrorController {

	DirectErrorRequests(ErrorAttributes errorAttributes, ErrorProperties errorProperties, List<ErrorViewResolver> resolvers) {
		super(errorAttributes, errorProperties, resolvers);
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		return super.error(notFoundIfDirect(request));
	}

	@Override
	public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
		return super.errorHtml(notFoundIfDirect(request), response);
	}

	private static HttpServletRequest notFoundIfDirect(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, HttpStatus.NOT_FOUND.value());
		}
		return request;
	}
}
