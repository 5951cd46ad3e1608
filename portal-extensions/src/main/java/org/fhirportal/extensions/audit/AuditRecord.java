package org.fhirportal.extensions.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the portal's append-only audit store ({@code portal_audit_event}): what a single AuditEvent says, in
 * compact columns. A search that returned several patients' data gives one record per patient (IHE BALP); the
 * resources actually returned are kept as versionless references, the analysts' extension to BALP.
 *
 * @param recorded when the event happened (the response was about to be sent, or the sign-in took place)
 * @param kind the BALP kind: {@code read} (PatientRead), {@code query} (PatientQuery), {@code create},
 *     {@code update}, {@code delete}, {@code export}, or {@code security} for authorization server events
 * @param subtype the FHIR restful interaction ({@code read}, {@code vread}, {@code search-type},
 *     {@code history-instance}, {@code transaction}...), the operation ({@code $everything}), or for security
 *     events the {@link org.fhirportal.auth.event.SecurityAuditEvent.Type} in lower case
 * @param action AuditEvent.action: C, R, U, D or E
 * @param outcome AuditEvent.outcome: 0 success, 4 minor failure (e.g. denied), 8 serious, 12 major failure
 * @param httpStatus the HTTP status of the response, absent for security events
 * @param patientId logical id of the patient the data belongs to, when any
 * @param userType the fhirUser's resource type (Patient, Practitioner, RelatedPerson), absent for system clients
 * @param userId the fhirUser's logical id
 * @param username the portal user's login name
 * @param clientId the OAuth client (the app)
 * @param tokenJti the access token's jti (BALP OAuth add-on: agent.policy)
 * @param sourceAddress the client's network address
 * @param query the request path and query string, for searches and operations
 * @param returned versionless references ({@code Observation/12}) of the resources returned for this patient
 * @param detail a short non-secret description (denial reason, scope list)
 */
public record AuditRecord(
		Instant recorded,
		String kind,
		String subtype,
		char action,
		int outcome,
		Optional<Integer> httpStatus,
		Optional<String> patientId,
		Optional<String> userType,
		Optional<String> userId,
		Optional<String> username,
		Optional<String> clientId,
		Optional<String> tokenJti,
		Optional<String> sourceAddress,
		Optional<String> query,
		List<String> returned,
		Optional<String> detail) {

	public AuditRecord {
		Objects.requireNonNull(recorded, "recorded");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(subtype, "subtype");
		returned = List.copyOf(returned);
	}
}
