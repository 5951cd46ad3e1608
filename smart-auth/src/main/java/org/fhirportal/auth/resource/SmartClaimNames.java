package org.fhirportal.auth.resource;

import java.util.Objects;

/**
 * Which claims of an access token carry the SMART context: this server's own tokens use SMART's names
 * ({@link #SMART}); an external issuer may use others (see {@code smart.external.claims.*}).
 *
 * @param patient  the launch-context patient id
 * @param fhirUser the user's FHIR resource
 * @param scope    the granted scopes; {@code scp} is read when this claim is absent
 * @param clientId the client's id; {@code azp} is read when this claim is absent
 */
public record SmartClaimNames(String patient, String fhirUser, String scope, String clientId) {

	/** SMART App Launch's claim names, as the built-in authorization server issues them. */
	public static final SmartClaimNames SMART = new SmartClaimNames("patient", "fhirUser", "scope", "client_id");

	public SmartClaimNames {
		Objects.requireNonNull(patient, "patient");
		Objects.requireNonNull(fhirUser, "fhirUser");
		Objects.requireNonNull(scope, "scope");
		Objects.requireNonNull(clientId, "clientId");
	}
}
