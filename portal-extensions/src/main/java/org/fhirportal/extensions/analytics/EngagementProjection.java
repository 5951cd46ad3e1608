package org.fhirportal.extensions.analytics;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Keeps the engagement projections ({@code portal_engagement_patient}, {@code portal_engagement_resource}) in step
 * with the FHIR resources, in the transaction that writes them (HAPI's pre-commit storage hooks, registered on
 * the JPA server's interceptor service so that every write counts, whatever the path: REST, transactions, the
 * demo loader). So the report reads compact rows instead of searching the resources of thousands of patients.
 * Resources written before the analytics were installed are not projected.
 */
@Interceptor
public class EngagementProjection {

	private static final Set<String> FACT_TYPES = Set.of("DiagnosticReport", "Communication", "Appointment", "Task");

	private final EngagementTables tables;
	private final Clock clock;

	public EngagementProjection(EngagementTables tables, Clock clock) {
		this.tables = Objects.requireNonNull(tables, "tables");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		handleWritten(resource, true);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		handleWritten(resource, false);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		String type = resource.getIdElement().getResourceType();
		if ("Patient".equals(type)) {
			tables.deletePatient(resource.getIdElement().getIdPart());
		} else {
			tables.deleteResource(resource.getIdElement().toUnqualifiedVersionless().getValue());
		}
	}

	private void handleWritten(IBaseResource resource, boolean created) {
		EngagementFacts.patient(resource).ifPresent(row -> tables.upsertPatients(List.of(row)));
		var fact = EngagementFacts.fact(resource, created && requestedByPatientSide(), clock.instant());
		if (fact.isEmpty()) {
			if (!created && FACT_TYPES.contains(resource.getIdElement().getResourceType())) {
				// e.g. a report whose category is no longer LAB, a message that lost its patient
				tables.deleteResource(resource.getIdElement().toUnqualifiedVersionless().getValue());
			}
			return;
		}
		EngagementTables.ResourceRow row = fact.get();
		if (created || !row.kind().equals(EngagementFacts.APPOINTMENT) || !tables.reassignResource(row.ref(), row.patientId())) {
			// An updated appointment keeps when and by whom it was booked; anything else takes its new state.
			tables.upsertResources(List.of(row));
		}
	}

	/** Whether the current request is a patient's or a caregiver's (their token's fhirUser). */
	private static boolean requestedByPatientSide() {
		return SecurityContextHolder.getContext().getAuthentication() instanceof SmartAccessAuthentication token
				&& token.accessContext().fhirUser()
						.filter(user -> user.contains("Patient/") || user.contains("RelatedPerson/")).isPresent();
	}
}
