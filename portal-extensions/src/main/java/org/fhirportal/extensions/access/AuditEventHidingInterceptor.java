package org.fhirportal.extensions.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Drops raw AuditEvents from whatever a patient or caregiver is shown ({@code $everything}, {@code _revinclude=*},
 * system history): AuditEvents sit in the Patient compartment, but patients see their access log through the
 * portal's own operation, never the raw records. Runs before the guard checks the shown resources, so the rest
 * of the response is served. Requests on the AuditEvent type itself are refused by the guard.
 */
public class AuditEventHidingInterceptor {

	private final AccessReachResolver reachResolver;

	public AuditEventHidingInterceptor(AccessReachResolver reachResolver) {
		this.reachResolver = Objects.requireNonNull(reachResolver, "reachResolver");
	}

	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -100)
	public void preShow(RequestDetails request, IPreResourceShowDetails details) {
		if (request != null && SmartAuthorizationInterceptor.currentAccess()
				.map(access -> SmartAuthorizationInterceptor.reaches(request, access, reachResolver).patientFacing()).orElse(false)) {
			handleShown(request, details);
		}
	}

	private static void handleShown(RequestDetails request, IPreResourceShowDetails details) {
		for (int i = 0; i < details.size(); i++) {
			IBaseResource resource = details.getResource(i);
			if (resource != null && "AuditEvent".equals(request.getFhirContext().getResourceType(resource))) {
				details.setResource(i, null);
			}
		}
	}
}
