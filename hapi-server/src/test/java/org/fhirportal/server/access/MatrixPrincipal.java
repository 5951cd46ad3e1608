package org.fhirportal.server.access;

import java.util.Set;
import java.util.function.Supplier;
import org.fhirportal.server.support.RawHttp;

/**
 * One principal of the security matrix: a real token's FHIR connection and the patients whose data it may reach
 * (worked out by the test from the demo data, independently of the server's own rules).
 *
 * @param name          for messages
 * @param connect       the FHIR endpoint with a fresh token of the principal (a refresh, or a new client
 *                      credentials grant), so a long matrix never runs on an expired token
 * @param reach         ids of the patients whose compartments it may see
 * @param patientFacing true for patients and caregivers (who never see raw AuditEvents)
 * @param reads         true if its scopes let it read clinical data at all (so that a refused read must look like a 404)
 */
record MatrixPrincipal(String name, Supplier<RawHttp> connect, Set<String> reach, boolean patientFacing, boolean reads) {

	@Override
	public String toString() {
		return name;
	}
}
