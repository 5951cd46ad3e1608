package org.fhirportal.auth.branding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The style sheet of the server's own pages at {@value #PATH}: the portal app's look ({@code pages.css}) in the
 * organization's primary colour. A style sheet of its own, because the pages' content security policy allows no
 * inline style.
 */
@Controller
public class PagesStylesheetController {

	/** Where the pages find their style sheet; public, as the sign-in page is. */
	public static final String PATH = "/auth/pages.css";

	private final byte[] stylesheet;

	public PagesStylesheetController(BrandingProperties branding) {
		String colour = branding.primaryColor();
		this.stylesheet = (read() + "\n/* smart.auth.branding.primary-color */\n:root { --accent: " + colour + "; --link: " + colour + "; }\n")
				.getBytes(StandardCharsets.UTF_8);
	}

	private static String read() {
		try (InputStream in = PagesStylesheetController.class.getResourceAsStream("pages.css")) {
			if (in == null) {
				throw new IllegalStateException("pages.css is missing from the smart-auth jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@GetMapping(path = PATH, produces = "text/css")
	public ResponseEntity<byte[]> stylesheet() {
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePublic()).body(stylesheet);
	}
}
