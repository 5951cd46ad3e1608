package org.fhirportal.server.storage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Storage and paging limits of the FHIR repository ({@code portal.storage.*}).
 *
 * @param defaultPageSize          search page size when the client sends no {@code _count}
 * @param maxPageSize              the largest {@code _count} honoured
 * @param maxBinarySizeBytes       largest Binary / attachment stored
 * @param bulkExportRetentionHours how long bulk export files are kept
 */
@Validated
@ConfigurationProperties("portal.storage")
public record StorageProperties(
		@DefaultValue("20") @Min(value = 1, message = "portal.storage.default-page-size must be at least 1") int defaultPageSize,
		@DefaultValue("500") @Min(value = 1, message = "portal.storage.max-page-size must be at least 1")
				@Max(value = 5000, message = "portal.storage.max-page-size above 5000 exhausts memory; lower it") int maxPageSize,
		@DefaultValue("20971520") @Positive(message = "portal.storage.max-binary-size-bytes must be positive") long maxBinarySizeBytes,
		@DefaultValue("2") @Positive(message = "portal.storage.bulk-export-retention-hours must be positive") int bulkExportRetentionHours) {

	public StorageProperties {
		if (defaultPageSize > maxPageSize) {
			throw new IllegalArgumentException("portal.storage.default-page-size (" + defaultPageSize
					+ ") must not exceed portal.storage.max-page-size (" + maxPageSize + ")");
		}
	}
}
