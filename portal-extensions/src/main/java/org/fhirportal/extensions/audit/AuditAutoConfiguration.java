package org.fhirportal.extensions.audit;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalUser;
import org.fhirportal.extensions.access.AnalystAccounts;
import org.fhirportal.extensions.endpoint.FhirEndpointContribution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The durable read audit (issue 5), on unless {@code portal.audit.enabled=false}: the group-committing
 * {@link AuditStore}, the interceptors that audit every FHIR response and refusal, the read-only AuditEvent
 * provider with {@code Patient/[id]/$access-log}, the listener of authorization server events, and the access
 * rules of the audit trail. The application replaces its JPA AuditEvent provider by this one when the feature is on.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "portal.audit.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditAutoConfiguration {

	@Bean
	public AuditStore auditStore(DataSource dataSource, ObjectProvider<AuditBatchListener> listeners, AuditProperties properties) {
		return new AuditStore(dataSource, listeners.orderedStream().toList(), properties);
	}

	@Bean
	public FhirEndpointContribution auditEndpointContribution(
			AuditStore store, FhirContext fhirContext, ObjectProvider<RegisteredClientRepository> clients,
			ObjectProvider<JdbcPortalUsers> users,
			@Value("${portal.storage.default-page-size:20}") int defaultPageSize,
			@Value("${portal.storage.max-page-size:500}") int maxPageSize) {
		AuditRecordFactory records = new AuditRecordFactory(fhirContext, Clock.systemUTC());
		AccessLogEntries entries = new AccessLogEntries(appNames(clients), displayNames(users));
		return server -> {
			server.registerInterceptor(new ReadAuditInterceptor(store, records));
			server.registerInterceptor(new AuditEventImmutability());
			server.registerProvider(new AuditEventResourceProvider(store, defaultPageSize, maxPageSize));
			server.registerProvider(new AccessLogOperation(store, entries, Clock.systemUTC(), defaultPageSize, maxPageSize));
		};
	}

	@Bean
	public AuditOperationRules auditOperationRules(ObjectProvider<AnalystAccounts> analysts) {
		return new AuditOperationRules(analysts.getIfAvailable(() -> AnalystAccounts.NONE));
	}

	@Bean
	public SecurityAuditListener securityAuditListener(AuditStore store) {
		return new SecurityAuditListener(store);
	}

	@Bean
	public FilterRegistrationBean<UnauthenticatedRequestAuditFilter> unauthenticatedRequestAuditFilter(
			AuditStore store, FhirContext fhirContext, @Value("${smart.auth.fhir-path:/fhir}") String fhirPath) {
		FilterRegistrationBean<UnauthenticatedRequestAuditFilter> registration = new FilterRegistrationBean<>(
				new UnauthenticatedRequestAuditFilter(store, new AuditRecordFactory(fhirContext, Clock.systemUTC()), fhirPath));
		registration.addUrlPatterns(fhirPath + "/*");
		// Outside Spring Security's filter chain, so that it sees the chain's 401 answers.
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
		registration.setName("portalUnauthenticatedRequestAudit");
		return registration;
	}

	/** How the portal names an account's person ({@code Dr. Anna Kowalski}), if the account has a display name. */
	private static Function<String, Optional<String>> displayNames(ObjectProvider<JdbcPortalUsers> users) {
		return username -> Optional.ofNullable(users.getIfAvailable()).flatMap(u -> u.find(username))
				.flatMap(PortalUser::displayName).filter(name -> !name.isBlank());
	}

	/** The registered name of each OAuth client, looked up once per client id. */
	private static Function<String, String> appNames(ObjectProvider<RegisteredClientRepository> clients) {
		Map<String, String> names = new ConcurrentHashMap<>();
		return clientId -> names.computeIfAbsent(clientId, id -> {
			RegisteredClientRepository repository = clients.getIfAvailable();
			RegisteredClient client = repository == null ? null : repository.findByClientId(id);
			return client == null || client.getClientName() == null || client.getClientName().isBlank() ? id : client.getClientName();
		});
	}
}
