package org.fhirportal.extensions.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.ScopeSet;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Stands in for the resource server in interceptor tests: a bearer value names an access context registered
 * here, and the request thread's security context carries it, as Spring Security's filter does in the
 * application (whose real token validation is tested in hapi-server).
 */
final class TestTokens {

	private final Map<String, SmartAccessContext> contexts = new ConcurrentHashMap<>();

	/** A token for a user ({@code fhirUser} such as {@code Patient/1}) with the scopes, optionally in a launch patient's context. */
	String issue(String subject, String fhirUser, String launchPatient, String scopes) {
		String token = "token-" + contexts.size() + "-" + subject;
		contexts.put(token, new SmartAccessContext(subject, "test-app", Optional.ofNullable(fhirUser), Optional.ofNullable(launchPatient),
				Optional.empty(), ScopeSet.parse(scopes), token, Instant.now().plusSeconds(300)));
		return token;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
	public boolean authenticate(jakarta.servlet.http.HttpServletRequest request) {
		SecurityContextHolder.clearContext();
		String header = request.getHeader("Authorization");
		SmartAccessContext access = header == null ? null : contexts.get(header.substring("Bearer ".length()));
		if (access != null) {
			Jwt jwt = Jwt.withTokenValue(access.tokenId()).header("alg", "RS256").subject(access.subject()).build();
			SecurityContextHolder.getContext().setAuthentication(new SmartAccessAuthentication(jwt, List.of(), access));
		}
		return true;
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
	public void done(RequestDetails request) {
		SecurityContextHolder.clearContext();
	}
}
