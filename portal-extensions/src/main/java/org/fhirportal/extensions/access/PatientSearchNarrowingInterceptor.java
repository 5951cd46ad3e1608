package org.fhirportal.extensions.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;

/**
 * Narrows a patient-context search to the patient's compartment ({@code GET /Observation} becomes
 * {@code GET /Observation?patient=123}), so apps need not add the parameter. A convenience only: the guard is
 * {@link SmartAuthorizationInterceptor}, which checks every result.
 */
public class PatientSearchNarrowingInterceptor extends SearchNarrowingInterceptor {

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		return SmartAuthorizationInterceptor.currentAccess()
				.flatMap(PatientCompartmentRules::compartmentPatient)
				.map(patient -> new AuthorizedList().addCompartment(patient.toUnqualifiedVersionless().getValue()))
				.orElse(null);
	}
}
