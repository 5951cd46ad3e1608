package org.fhirportal.server.storage;

import java.time.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
 * @param h2EncryptionKey          when set, the embedded H2 database file is encrypted with it (H2's {@code CIPHER=AES});
 *                                 empty (the default) keeps it unencrypted. A database is created encrypted or not: set
 *                                 the key before the first start, or export and re-import the data
 * @param h2WriteDelay             how long the embedded H2 database may keep a committed transaction in memory before
 *                                 writing it to its file (H2's {@code WRITE_DELAY}). The default, 0, writes it before
 *                                 the commit returns, so that whatever the server acknowledged survives a crash, a kill
 *                                 or a full disk; a longer delay groups writes, and a crash loses up to that much
 */
@Validated
@ConfigurationProperties("portal.storage")
public record StorageProperties(
		@DefaultValue("20") @Min(value = 1, message = "portal.storage.default-page-size must be at least 1") int defaultPageSize,
		@DefaultValue("500") @Min(value = 1, message = "portal.storage.max-page-size must be at least 1")
				@Max(value = 5000, message = "portal.storage.max-page-size above 5000 exhausts memory; lower it") int maxPageSize,
		@DefaultValue("20971520") @Positive(message = "portal.storage.max-binary-size-bytes must be positive") long maxBinarySizeBytes,
		@DefaultValue("2") @Positive(message = "portal.storage.bulk-export-retention-hours must be positive") int bulkExportRetentionHours,
		@DefaultValue("") @NotNull(message = "portal.storage.h2-encryption-key must be a text (empty for no encryption)") String h2EncryptionKey,
		@DefaultValue("0ms") @NotNull(message = "portal.storage.h2-write-delay must be a duration, e.g. 0ms or 500ms") Duration h2WriteDelay) {

	public StorageProperties {
		if (defaultPageSize > maxPageSize) {
			throw new IllegalArgumentException("portal.storage.default-page-size (" + defaultPageSize
					+ ") must not exceed portal.storage.max-page-size (" + maxPageSize + ")");
		}
		if (!h2EncryptionKey.isEmpty() && (h2EncryptionKey.length() < 16 || h2EncryptionKey.contains(" "))) {
			throw new IllegalArgumentException("portal.storage.h2-encryption-key must be at least 16 characters without spaces"
					+ " (e.g. 32 random characters), or empty for no encryption");
		}
		if (h2WriteDelay.isNegative() || h2WriteDelay.compareTo(Duration.ofSeconds(10)) > 0) {
			throw new IllegalArgumentException("portal.storage.h2-write-delay must be between 0ms (write on commit) and 10s, got " + h2WriteDelay);
		}
	}
}
