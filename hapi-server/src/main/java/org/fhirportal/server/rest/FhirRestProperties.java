package org.fhirportal.server.rest;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The FHIR REST endpoint ({@code portal.fhir.*}).
 *
 * @param serverAddress       the public base URL (e.g. {@code https://fhir.example.org/fhir}) when the server
 *                            sits behind a proxy; empty means "derive from the incoming request"
 * @param corsAllowedOrigins  origin patterns allowed by CORS; empty switches CORS off
 * @param bulkExport          offer {@code $export} (system, Patient and Group level)
 */
@Validated
@ConfigurationProperties("portal.fhir")
public record FhirRestProperties(
		@DefaultValue("") String serverAddress,
		@NotNull(message = "portal.fhir.cors-allowed-origins must be a list (use [] to switch CORS off)") @DefaultValue("*")
				List<String> corsAllowedOrigins,
		@DefaultValue("true") boolean bulkExport) {

	public FhirRestProperties {
		if (!serverAddress.isBlank() && !serverAddress.matches("https?://.+")) {
			throw new IllegalArgumentException(
					"portal.fhir.server-address must be an absolute http(s) URL ending in /fhir, was '" + serverAddress + "'");
		}
	}
}
