package org.fhirportal.server.access;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Set;

/**
 * One request of the security matrix: what is tried (generated from the CapabilityStatement), by whom, and
 * whose data it aims at.
 *
 * @param interaction the CapabilityStatement interaction or operation it exercises ({@code read}, {@code $everything})
 * @param principal   who sends it
 * @param request     the HTTP request, without the token (added by the principal's connection)
 * @param target      the patients whose data it aims at (empty for type- and system-level requests)
 * @param mustLookMissing true for reads of an existing resource the principal does not reach: answered 404
 */
record MatrixProbe(String interaction, MatrixPrincipal principal, HttpRequest request, Set<String> target, boolean mustLookMissing) {

	static HttpRequest.Builder to(String base, String path) {
		return HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/fhir+json");
	}

	@Override
	public String toString() {
		return principal + " " + request.method() + " " + request.uri().getRawPath()
				+ (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
	}
}
