package org.fhirportal.auth.user;

/**
 * The kinds of portal account, each linked to the FHIR resource type that represents the person. Administrators and
 * analysts are no person of the record and have none: an analyst studies how the portal is used (the aggregate
 * {@code $engagement} report, with {@code user/AuditEvent.rs}) and reaches no patient's data.
 */
public enum PortalRole {
	PATIENT("Patient"),
	PRACTITIONER("Practitioner"),
	RELATED_PERSON("RelatedPerson"),
	ADMINISTRATOR(null),
	ANALYST(null);

	private final String fhirResourceType;

	PortalRole(String fhirResourceType) {
		this.fhirResourceType = fhirResourceType;
	}

	/** The resource type of this role's {@code fhirUser}, or {@code null} when none is required. */
	public String fhirResourceType() {
		return fhirResourceType;
	}
}
