package org.fhirportal.extensions.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.fhirportal.extensions.audit.AuditRecordFactory.Requester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records FHIR requests refused with 401 before they reach HAPI (no token, or an invalid one: the resource
 * server answers them in Spring Security's filter chain, which this filter wraps). Refusals with 403 and all
 * other outcomes are recorded by {@link ReadAuditInterceptor}.
 */
final class UnauthenticatedRequestAuditFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(UnauthenticatedRequestAuditFilter.class);

	private final AuditStore store;
	private final AuditRecordFactory records;
	private final String fhirPath;

	UnauthenticatedRequestAuditFilter(AuditStore store, AuditRecordFactory records, String fhirPath) {
		this.store = store;
		this.records = records;
		this.fhirPath = fhirPath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, response);
		if (response.getStatus() != HttpServletResponse.SC_UNAUTHORIZED) {
			return;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String relative = path.startsWith(fhirPath) ? path.substring(fhirPath.length()).replaceFirst("^/", "") : path;
		String query = request.getQueryString() == null ? relative : relative + "?" + request.getQueryString();
		AuditedInteraction interaction = switch (request.getMethod()) {
			case "POST" -> relative.contains("$") || relative.isEmpty() ? AuditedInteraction.ofEntryUrl(relative) : new AuditedInteraction("create", "create", 'C');
			case "PUT" -> new AuditedInteraction("update", "update", 'U');
			case "PATCH" -> new AuditedInteraction("update", "patch", 'U');
			case "DELETE" -> new AuditedInteraction("delete", "delete", 'D');
			default -> AuditedInteraction.ofEntryUrl(relative);
		};
		Requester nobody = new Requester(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.ofNullable(request.getRemoteAddr()));
		try {
			store.appendAndWait(List.of(records.forFailure(interaction, nobody, Optional.empty(), Optional.of(query), 401,
					request.getHeader("Authorization") == null ? "no access token" : "invalid access token")));
		} catch (AuditStoreUnavailableException e) {
			log.error("Could not audit an unauthenticated request: {}", e.getMessage());
		}
	}
}
