package org.fhirportal.auth.user;

/** The kinds of portal account, each linked to the FHIR resource type that represents the person. */
public enum PortalRole {
	PATIENT("Patient"),
	PRACTITIONER("Practitioner"),
	RELATED_PERSON("RelatedPerson"),
	ADMINISTRATOR(null);

	private final String fhirResourceType;

	PortalRole(String fhirResourceType) {
		this.fhirResourceType = fhirResourceType;
	}

	/** The resource type of this role's {@code fhirUser}, or {@code null} when none is required. */
	public String fhirResourceType() {
		return fhirResourceType;
	}
}
