package org.fhirportal.server.rest;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthResourceResolver;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.fhirportal.auth.discovery.SmartConfiguration;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.fhirportal.server.storage.StorageFullInterceptor;
import org.fhirportal.server.storage.StorageUnavailableFilter;
import org.fhirportal.server.storage.StorageProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.embedded.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The FHIR REST endpoint at {@code /fhir}: HAPI's {@link RestfulServer} with the JPA resource providers,
 * the system provider (transactions, batches, {@code _history}), database-backed paging and bulk export.
 * Portal features (authorization, access control, audit) register their interceptors on this server.
 */
@Configuration(proxyBeanMethods = false)
public class FhirRestConfig {

	public static final String FHIR_PATH = "/fhir";

	@Bean
	public DatabaseBackedPagingProvider databaseBackedPagingProvider(StorageProperties storage) {
		DatabaseBackedPagingProvider paging = new DatabaseBackedPagingProvider();
		paging.setDefaultPageSize(storage.defaultPageSize());
		paging.setMaximumPageSize(storage.maxPageSize());
		return paging;
	}

	@Bean
	public FhirEndpoint fhirEndpoint(
			IFhirSystemDao<?, ?> systemDao,
			DaoRegistry daos,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			ValueSetOperationProvider valueSetOperations,
			BulkDataExportProvider bulkExport,
			FhirRestProperties properties,
			ObjectProvider<AuthorizationInterceptor> accessControl,
			ObjectProvider<SearchNarrowingInterceptor> searchNarrowing,
			ObjectProvider<FhirEndpointContribution> contributions,
			IAuthResourceResolver authResourceResolver,
			ObjectProvider<SmartConfiguration> smartConfiguration,
			FhirLimitsProperties limits,
			@Value("${portal.audit.enabled:true}") boolean auditEnabled) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		// (the RestfulServer is held, not exposed as a Servlet bean: see FhirEndpoint)
		// With the audit trail on, AuditEvent is served read-only from the audit store (portal-extensions' audit).
		server.registerProviders(resourceProviders.createProviders().stream()
				.filter(provider -> !(auditEnabled && provider instanceof IResourceProvider typed
						&& "AuditEvent".equals(typed.getResourceType().getSimpleName())))
				.toList());
		server.registerProvider(systemProvider);
		server.registerProvider(valueSetOperations);
		if (properties.bulkExport()) {
			server.registerProvider(bulkExport);
		}
		JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilities.setImplementationDescription("FHIR Portal Server");
		server.setServerConformanceProvider(capabilities);
		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setServerAddressStrategy(
				properties.serverAddress().isBlank()
						? new IncomingRequestAddressStrategy()
						: new HardcodedServerAddressStrategy(properties.serverAddress()));
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		// No DOCTYPE, entity or XInclude in any XML body, before a handler parses it (XXE, SSRF).
		server.registerInterceptor(new XmlBodyGuardInterceptor());
		// The boundary: bounded searches, strictly parsed and storable bodies, declared operation cardinalities, and
		// 4xx (never 500) for the faults bad input provokes inside HAPI.
		server.registerInterceptor(new SearchLimits(limits));
		server.registerInterceptor(new IncomingBodyRules(server.getFhirContext(), limits.maxBundleEntries(), limits.maxElementRepeats()));
		server.registerInterceptor(new OperationParameterRules(server));
		// A full disk answers 503 (before BadInputFaults makes any other database fault's message generic).
		server.registerInterceptor(new StorageFullInterceptor());
		server.registerInterceptor(new BadInputFaults());
		// The SMART endpoints in the CapabilityStatement, wherever tokens are required (built-in or external issuer).
		smartConfiguration.ifAvailable(smart -> server.registerInterceptor(new SmartSecurityCapabilityInterceptor(smart, FHIR_PATH)));
		// Access control from the portal's modules, when switched on: narrowing first, then the guard.
		searchNarrowing.ifAvailable(server::registerInterceptor);
		accessControl.ifAvailable(guard -> {
			guard.setAuthResourceResolver(authResourceResolver);
			server.registerInterceptor(guard);
		});
		// Operations and interceptors of the portal's features (audit, analytics, workflows).
		contributions.orderedStream().forEach(contribution -> contribution.contributeTo(server));
		if (!properties.corsAllowedOrigins().isEmpty()) {
			server.registerInterceptor(new CorsInterceptor(corsConfiguration(properties.corsAllowedOrigins())));
		}
		return new FhirEndpoint(server, new PatientCompartmentSearch(systemDao.getContext(), daos));
	}

	/**
	 * Tomcat answers {@code Expect: 100-continue} only when the application first reads the body (its
	 * {@code continueResponseTiming="onRead"}; the default, {@code immediately}, invites every body at once): a request
	 * that {@link RequestSizeLimitFilter} refuses by its declared length gets its 413 before the client sends a byte
	 * (RFC 9110 section 10.1.1).
	 */
	@Bean
	TomcatConnectorCustomizer continueOnReadConnectorCustomizer() {
		return connector -> connector.setProperty("continueResponseTiming", "onRead");
	}

	@Bean
	DeferredFhirServlet deferredFhirServlet(ObjectProvider<FhirEndpoint> endpoint) {
		return new DeferredFhirServlet(endpoint);
	}

	@Bean
	public ServletRegistrationBean<DeferredFhirServlet> fhirServletRegistration(DeferredFhirServlet fhirServlet) {
		ServletRegistrationBean<DeferredFhirServlet> registration = new ServletRegistrationBean<>(fhirServlet, FHIR_PATH + "/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	/** Bounds request bodies at {@code /fhir} before anything reads them (see {@link RequestSizeLimitFilter}). */
	@Bean
	public FilterRegistrationBean<RequestSizeLimitFilter> fhirRequestSizeLimit(FhirLimitsProperties limits, StorageProperties storage) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(limits.maxRequestSize().toBytes(), storage.maxBinarySizeBytes()));
		registration.addUrlPatterns(FHIR_PATH + "/*");
		registration.setName("fhirRequestSizeLimit");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * A full disk met before HAPI's interceptors (token checks, sessions) answers 503 like one met inside them
	 * (see {@link StorageUnavailableFilter}); on every path, ahead of Spring Security's filter chain.
	 */
	@Bean
	public FilterRegistrationBean<StorageUnavailableFilter> storageUnavailable() {
		FilterRegistrationBean<StorageUnavailableFilter> registration = new FilterRegistrationBean<>(new StorageUnavailableFilter(FHIR_PATH));
		registration.addUrlPatterns("/*");
		registration.setName("storageUnavailable");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	private static CorsConfiguration corsConfiguration(List<String> allowedOrigins) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedHeaders(List.of(
				HttpHeaders.ORIGIN, HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE, HttpHeaders.AUTHORIZATION,
				HttpHeaders.CACHE_CONTROL, HttpHeaders.IF_MATCH, "If-None-Exist", "Prefer", "X-Requested-With"));
		cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_LOCATION, HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED));
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"));
		allowedOrigins.forEach(cors::addAllowedOriginPattern);
		cors.setAllowCredentials(false);
		return cors;
	}
}
