package org.fhirportal.server.storage;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The full-disk answer for work done before HAPI's interceptors see a request (token checks in Spring Security's
 * filter chain read the revocation table, sign-in writes the session): a failure that {@link StorageFullInterceptor}
 * recognises as "the database cannot write" becomes {@code 503} with {@code Retry-After}, as an OperationOutcome
 * under {@code /fhir} and as RFC 6749 JSON ({@code temporarily_unavailable}, section 4.1.2.1) elsewhere, instead of
 * the servlet container's {@code 500}. Other failures pass unchanged, and so does a response already begun.
 */
public final class StorageUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(StorageUnavailableFilter.class);

	private final String fhirPath;

	public StorageUnavailableFilter(String fhirPath) {
		this.fhirPath = fhirPath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		} catch (ServletException | IOException | RuntimeException failure) {
			if (response.isCommitted() || !StorageFullInterceptor.isStorageUnavailable(failure)) {
				throw failure;
			}
			log.error("Refusing {} {}: the database cannot write (is the disk full?)", request.getMethod(), request.getRequestURI(), failure);
			refuse(request, response);
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.reset();
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", "60");
		response.setHeader("Cache-Control", "no-store");
		if (request.getRequestURI().startsWith(request.getContextPath() + fhirPath + "/")) {
			response.setContentType("application/fhir+json;charset=UTF-8");
			response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
					+ "\"code\":\"transient\",\"diagnostics\":\"" + StorageFullInterceptor.MESSAGE + "\"}]}");
		} else {
			response.setContentType("application/json;charset=UTF-8");
			response.getWriter().write("{\"error\":\"temporarily_unavailable\",\"error_description\":\"" + StorageFullInterceptor.MESSAGE + "\"}");
		}
	}
}
