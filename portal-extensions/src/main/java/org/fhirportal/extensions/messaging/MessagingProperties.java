package org.fhirportal.extensions.messaging;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Secure messaging settings ({@code portal.messaging.*}).
 *
 * @param maxAttachmentSize   the largest attachment a message may carry, inline or as a Binary (e.g. {@code 5MB})
 * @param allowedContentTypes the attachment content types accepted (MIME types, without parameters)
 */
@Validated
@ConfigurationProperties("portal.messaging")
public record MessagingProperties(
		@NotNull(message = "portal.messaging.max-attachment-size must be a size such as 5MB") @DefaultValue("5MB") DataSize maxAttachmentSize,
		@NotEmpty(message = "portal.messaging.allowed-content-types must list at least one MIME type, e.g. application/pdf")
		@DefaultValue({"application/pdf", "image/jpeg", "image/png", "text/plain"}) List<String> allowedContentTypes) {

	public MessagingProperties {
		if (maxAttachmentSize != null && maxAttachmentSize.toBytes() <= 0) {
			throw new IllegalArgumentException("portal.messaging.max-attachment-size must be positive, got " + maxAttachmentSize);
		}
		allowedContentTypes = allowedContentTypes == null ? null : allowedContentTypes.stream().map(t -> t.trim().toLowerCase()).toList();
	}
}
