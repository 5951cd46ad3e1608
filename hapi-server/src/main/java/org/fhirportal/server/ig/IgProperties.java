package org.fhirportal.server.ig;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The portal's Implementation Guide on this server ({@code portal.ig.*}). The IG package itself is always
 * installed (its search parameters are part of the API); validation of portal writes can be switched off,
 * e.g. for the plain-HAPI benchmark baseline.
 *
 * @param validation what the server enforces on writes
 */
@Validated
@ConfigurationProperties("portal.ig")
public record IgProperties(
		@Valid @NotNull(message = "portal.ig.validation must be an object, e.g. {enabled: true}") @DefaultValue
				Validation validation) {

	/**
	 * @param enabled writes of portal resources must conform to the portal profiles (422 otherwise)
	 * @param warmUp  validate the IG's examples once after start-up, in the background, so that the first
	 *                portal write does not pay the validator's start-up (snapshots, terminology) of ~15 s
	 */
	public record Validation(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean warmUp) {}
}
