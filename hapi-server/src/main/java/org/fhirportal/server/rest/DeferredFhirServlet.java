package org.fhirportal.server.rest;

import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The servlet registered at {@code /fhir}, standing in for HAPI's {@link RestfulServer} until the application
 * context has created all its singletons, then handing every request to it.
 *
 * <p>Why a stand-in: Spring Boot creates servlet beans, and what they depend on, while it builds the embedded web
 * server, before the bean factory's configuration is frozen; HAPI's server drags in its whole graph (a DAO per
 * resource type, each with dozens of autowired collaborators), and before the freeze Spring does not cache by-type
 * lookups. This servlet depends on nothing but a provider, so the graph is built in the normal singleton phase
 * (see {@link FhirEndpoint}).
 */
final class DeferredFhirServlet extends HttpServlet implements SmartInitializingSingleton {

	private final transient ObjectProvider<FhirEndpoint> endpoint;
	private transient ServletConfig config;
	private transient boolean singletonsReady;
	private transient volatile RestfulServer delegate;
	private transient volatile FhirEndpoint started;

	DeferredFhirServlet(ObjectProvider<FhirEndpoint> endpoint) {
		this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
	}

	@Override
	public synchronized void init(ServletConfig servletConfig) throws ServletException {
		super.init(servletConfig);
		this.config = servletConfig;
		startWhenReady();
	}

	@Override
	public void afterSingletonsInstantiated() {
		synchronized (this) {
			singletonsReady = true;
			try {
				startWhenReady();
			} catch (ServletException e) {
				throw new IllegalStateException("The FHIR endpoint could not start", e);
			}
		}
	}

	private void startWhenReady() throws ServletException {
		if (delegate == null && config != null && singletonsReady) {
			FhirEndpoint fhir = endpoint.getObject();
			RestfulServer server = fhir.server();
			server.init(config);
			started = fhir;
			delegate = server;
		}
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
		RestfulServer server = delegate;
		if (server == null) {
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setContentType("application/fhir+json");
			response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
					+ "\"code\":\"transient\",\"diagnostics\":\"The FHIR endpoint is starting; retry shortly.\"}]}");
			return;
		}
		server.service((ServletRequest) started.prepare(request), (ServletResponse) response);
	}

	@Override
	public void destroy() {
		RestfulServer server = delegate;
		if (server != null) {
			server.destroy();
		}
	}
}
