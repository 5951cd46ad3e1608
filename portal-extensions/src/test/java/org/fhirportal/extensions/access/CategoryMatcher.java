package org.fhirportal.extensions.access;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;

/**
 * The in-memory matcher the guard asks about granular scope queries, reduced to {@code Observation?category=system|code}
 * for interceptor tests without HAPI's JPA search parameter registry (the application wires HAPI's real
 * {@code AuthorizationSearchParamMatcher}; its behaviour is tested against the assembled server in hapi-server).
 */
final class CategoryMatcher implements IAuthorizationSearchParamMatcher {

	@Override
	public MatchResult match(String query, IBaseResource resource) {
		String prefix = "Observation?category=";
		if (!query.startsWith(prefix) || !(resource instanceof Observation observation)) {
			return MatchResult.buildUnsupported("only Observation?category= in tests");
		}
		String[] token = URLDecoder.decode(query.substring(prefix.length()), StandardCharsets.UTF_8).split("\\|", 2);
		boolean matched = observation.getCategory().stream().flatMap(c -> c.getCoding().stream())
				.anyMatch(c -> c.getSystem().equals(token[0]) && c.getCode().equals(token[1]));
		return matched ? MatchResult.buildMatched() : MatchResult.buildUnmatched();
	}
}
