package org.fhirportal.auth.discovery;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fhirportal.auth.branding.BrandingProperties;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the built-in SMART style document at {@value #PATH}: the portal's colours, fonts and sizes in the
 * organization's branding ({@code smart.auth.branding.*}), so that an app launched from the portal can look like it (SMART App Launch 2.2, "Styling", capability {@code context-style}).
 * Public and readable from any origin, like the discovery document; {@code smart.auth.style-url} may point apps
 * to another document instead.
 */
public final class SmartStyleEndpointFilter extends OncePerRequestFilter {

	/** Where the built-in style document lives, below the server's root. */
	public static final String PATH = "/smart-style.json";

	private final byte[] document;

	/**
	 * @param branding the organization's look: its primary colour becomes {@code color_highlight}, and its name,
	 *                 logo and support phone travel as {@code portal_organization_name}, {@code portal_logo_url} and
	 *                 {@code portal_support_phone} (extra properties, which SMART apps that do not know them ignore)
	 */
	public SmartStyleEndpointFilter(BrandingProperties branding) {
		ObjectMapper json = new ObjectMapper();
		try (InputStream in = SmartStyleEndpointFilter.class.getResourceAsStream("smart-style.json")) {
			if (in == null) {
				throw new IllegalStateException("smart-style.json is missing from the smart-auth jar");
			}
			ObjectNode style = (ObjectNode) json.readTree(in);
			style.put("color_highlight", branding.primaryColor());
			style.put("portal_organization_name", branding.organizationName());
			if (!branding.logoUrl().isBlank()) {
				style.put("portal_logo_url", branding.logoUrl());
			}
			if (!branding.supportPhone().isBlank()) {
				style.put("portal_support_phone", branding.supportPhone());
			}
			this.document = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(style);
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
