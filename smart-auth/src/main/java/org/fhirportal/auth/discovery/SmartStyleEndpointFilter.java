package org.fhirportal.auth.discovery;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the built-in SMART style document at {@value #PATH}: the portal's colours, fonts and sizes, so that an
 * app launched from the portal can look like it (SMART App Launch 2.2, "Styling", capability {@code context-style}).
 * Public and readable from any origin, like the discovery document; {@code smart.auth.style-url} may point apps
 * to another document instead.
 */
public final class SmartStyleEndpointFilter extends OncePerRequestFilter {

	/** Where the built-in style document lives, below the server's root. */
	public static final String PATH = "/smart-style.json";

	private final byte[] document;

	public SmartStyleEndpointFilter() {
		try (InputStream in = SmartStyleEndpointFilter.class.getResourceAsStream("smart-style.json")) {
			if (in == null) {
				throw new IllegalStateException("smart-style.json is missing from the smart-auth jar");
			}
			this.document = in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().equals(request.getContextPath() + PATH);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!SmartConfigurationEndpointFilter.startPublicJson(request, response)) {
			return;
		}
		response.setContentLength(document.length);
		if ("GET".equals(request.getMethod())) {
			response.getOutputStream().write(document);
		}
	}
}
