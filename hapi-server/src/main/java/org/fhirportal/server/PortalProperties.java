package org.fhirportal.server;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Top-level settings of the server ({@code portal.*}).
 *
 * @param dataDir where the embedded H2 database (and other local state) lives; created on first start
 * @param demo    load the deterministic demo population once, on first start
 */
@Validated
@ConfigurationProperties("portal")
public record PortalProperties(
		@NotNull(message = "portal.data-dir must name a writable directory, e.g. ./data") @DefaultValue("./data")
				Path dataDir,
		@DefaultValue("false") boolean demo) {}
