package org.fhirportal.extensions.messaging;

import java.util.Map;
import java.util.Optional;

/**
 * Whether an attachment's bytes are what its content type says: a PDF starts with {@code %PDF-}, a PNG with its
 * signature, a JPEG with {@code FF D8 FF}, plain text holds no NUL byte. So that a file renamed to {@code .pdf}
 * (an executable, an HTML page) is refused when it is sent, not discovered when the recipient opens it. Types
 * without a known signature are not checked here (the allowed types are configured, {@link MessagingProperties}).
 *
 * <p>Hand-written: the magic numbers of four formats (ISO 32000-1 7.5.2, PNG 5.2, JPEG SOI marker) do not need a
 * content-detection library.
 */
final class AttachmentSignatures {

	private static final Map<String, byte[]> SIGNATURES = Map.of(
			"application/pdf", new byte[] {'%', 'P', 'D', 'F', '-'},
			"image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'},
			"image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});

	private AttachmentSignatures() {}

	/** What is wrong with {@code data} for {@code contentType} (lower case, no parameters), or empty when it fits. */
	static Optional<String> mismatch(String contentType, byte[] data) {
		byte[] signature = SIGNATURES.get(contentType);
		if (signature != null && !startsWith(data, signature)) {
			return Optional.of("the content is not " + contentType + " (" + describe(contentType) + ")");
		}
		if ("text/plain".equals(contentType)) {
			for (byte b : data) {
				if (b == 0) {
					return Optional.of("the content is not text/plain (it holds binary data)");
				}
			}
		}
		return Optional.empty();
	}

	private static boolean startsWith(byte[] data, byte[] prefix) {
		if (data.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (data[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static String describe(String contentType) {
		return switch (contentType) {
			case "application/pdf" -> "a PDF file starts with %PDF-";
			case "image/png" -> "a PNG file starts with the PNG signature";
			default -> "a JPEG file starts with FF D8 FF";
		};
	}
}
