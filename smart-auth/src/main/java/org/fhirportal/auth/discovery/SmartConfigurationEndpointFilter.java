package org.fhirportal.auth.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Serves the SMART discovery document at {@code {fhir-base}/.well-known/smart-configuration}
 * (<a href="https://hl7.org/fhir/smart-app-launch/conformance.html">SMART App Launch, conformance</a>): public,
 * with CORS, listing the endpoints of the authorization server in use ({@link SmartConfiguration}).
 */
public final class SmartConfigurationEndpointFilter extends OncePerRequestFilter {

	private final String fhirPath;
	private final SmartConfiguration configuration;
	private final ObjectMapper json = new ObjectMapper();

	public SmartConfigurationEndpointFilter(String fhirPath, SmartConfiguration configuration) {
		this.fhirPath = Objects.requireNonNull(fhirPath, "fhirPath");
		this.configuration = Objects.requireNonNull(configuration, "configuration");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().equals(request.getContextPath() + fhirPath + "/.well-known/smart-configuration");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!startPublicJson(request, response)) {
			return;
		}
		json.writeValue(response.getOutputStream(),
				configuration.document(ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString()));
	}

	/**
	 * Starts the answer of a public JSON document readable from any origin: CORS, cache for an hour, and only
	 * {@code GET} and {@code HEAD} ({@code OPTIONS} answers 204, other methods 405).
	 *
	 * @return whether to write the document
	 */
	static boolean startPublicJson(HttpServletRequest request, HttpServletResponse response) {
		response.setHeader("Access-Control-Allow-Origin", "*");
		if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
			response.setHeader("Allow", "GET, HEAD, OPTIONS");
			response.setStatus("OPTIONS".equals(request.getMethod()) ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_METHOD_NOT_ALLOWED);
			return false;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader("Cache-Control", "public, max-age=3600");
		return true;
	}
}
