package org.fhirportal.server.rest;

import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * The application's FHIR endpoint: HAPI's {@link RestfulServer}, assembled by {@link FhirRestConfig} and served at
 * {@code /fhir} by {@link DeferredFhirServlet}. Beans that need the server (to register an interceptor, to check
 * it is up) inject this holder.
 *
 * <p>The server is deliberately not a bean of its own: Spring Boot instantiates every {@code Servlet} bean while it
 * builds the embedded web server, before the bean factory is frozen and by-type lookups are cached, and HAPI's
 * server brings its whole graph with it. Kept out of sight behind this holder, the graph is created in the normal
 * singleton phase instead (JFR on start-up: about a quarter of main-thread CPU was uncached type lookups).
 */
public final class FhirEndpoint {

	private final RestfulServer server;
	private final PatientCompartmentSearch compartmentSearch;

	public FhirEndpoint(RestfulServer server) {
		this(server, null);
	}

	FhirEndpoint(RestfulServer server, PatientCompartmentSearch compartmentSearch) {
		this.server = Objects.requireNonNull(server, "server");
		this.compartmentSearch = compartmentSearch;
	}

	/** The request as the server is to see it: a compartment search becomes the type's search. */
	HttpServletRequest prepare(HttpServletRequest request) {
		return compartmentSearch == null ? request : compartmentSearch.rewrite(request);
	}

	public RestfulServer server() {
		return server;
	}

	/** Whether the servlet container has initialised the server, so that it can take requests. */
	public boolean isInitialised() {
		return server.getServletConfig() != null;
	}
}
