package org.fhirportal.auth.branding;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The organization's look on every page the server renders (sign-in, second factor, consent, patient picker,
 * errors), in the SMART style document ({@code /smart-style.json}) and so in the portal app
 * ({@code smart.auth.branding.*}).
 *
 * @param organizationName the name people know the organization by, in every page title and header
 * @param logoUrl          an image shown beside the name: a path on this server ({@code /logo.svg}) or an absolute
 *                         {@code https} URL (its origin is added to the pages' {@code img-src}); blank shows none
 * @param primaryColor     the colour of headers, buttons and links, as {@code #rrggbb}; it carries white text and
 *                         is text on the light page background, so it must contrast at least 4.5:1 with both (WCAG
 *                         2.1 AA, success criterion 1.4.3)
 * @param supportPhone     the number people call when they cannot sign in, shown on the sign-in and error pages;
 *                         blank shows none
 */
@Validated
@ConfigurationProperties("smart.auth.branding")
public record BrandingProperties(
		@DefaultValue("FHIR Portal") @NotBlank(message = "smart.auth.branding.organization-name must name the organization")
				@Size(max = 100, message = "smart.auth.branding.organization-name must be at most 100 characters") String organizationName,
		@DefaultValue("") @Pattern(regexp = "|/[^\\s\"'()]*|https://[^\\s\"'()]+",
				message = "smart.auth.branding.logo-url must be a path on this server (/logo.svg) or an https URL") String logoUrl,
		@DefaultValue(BrandingProperties.DEFAULT_PRIMARY_COLOR) @NotBlank(message = "smart.auth.branding.primary-color must be set")
				String primaryColor,
		@DefaultValue("") @Pattern(regexp = "|\\+?[0-9][0-9 ().\\-]{2,30}",
				message = "smart.auth.branding.support-phone must be a phone number of digits, spaces, ( ) . - and a leading +")
				String supportPhone) {

	/** The portal's own blue (portal-app styles.css, {@code --accent}). */
	public static final String DEFAULT_PRIMARY_COLOR = "#0b5cad";

	/** The page background the colour must stand out on (portal-app styles.css, {@code --page}). */
	static final String PAGE_BACKGROUND = "#f4f6f8";

	public BrandingProperties {
		if (primaryColor != null && !primaryColor.isBlank()) {
			if (!primaryColor.matches("#[0-9a-fA-F]{6}")) {
				throw new IllegalArgumentException("smart.auth.branding.primary-color must be a colour as #rrggbb, e.g. "
						+ DEFAULT_PRIMARY_COLOR + ", was '" + primaryColor + "'");
			}
			primaryColor = primaryColor.toLowerCase(java.util.Locale.ROOT);
			double onPage = Contrast.ratio(primaryColor, PAGE_BACKGROUND);
			double withWhite = Contrast.ratio(primaryColor, "#ffffff");
			if (Math.min(onPage, withWhite) < Contrast.AA_NORMAL_TEXT) {
				throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
						"smart.auth.branding.primary-color %s contrasts %.1f:1 with white text and %.1f:1 with the page background; "
								+ "it needs at least 4.5:1 with both (WCAG 2.1 AA): choose a darker shade", primaryColor, withWhite, onPage));
			}
		}
	}

	/** The origin of an absolute logo URL, which the pages' content security policy must allow images from. */
	public Optional<String> logoOrigin() {
		if (!logoUrl.startsWith("https://")) {
			return Optional.empty();
		}
		URI uri = URI.create(logoUrl);
		return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority());
	}

	/** The support phone as a {@code tel:} link target (digits and a leading +). */
	public String supportPhoneLink() {
		return "tel:" + supportPhone.replaceAll("[^0-9+]", "");
	}
}
