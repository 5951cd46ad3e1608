package org.fhirportal.auth.branding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrandingPropertiesTest {

	@Test
	void primaryColorWhenHexThenKeptInLowerCase() {
		BrandingProperties branding = new BrandingProperties("Riverside Health", "", "#7A1F5C", "");

		assertThat(branding.primaryColor()).isEqualTo("#7a1f5c");
	}

	@Test
	void primaryColorWhenNotHexThenRefusedNamingTheProperty() {
		assertThatThrownBy(() -> new BrandingProperties("Riverside Health", "", "blue", ""))
				.hasMessageContaining("smart.auth.branding.primary-color").hasMessageContaining("#rrggbb");
	}

	@Test
	void primaryColorWhenTooLightForWhiteTextThenRefusedWithTheRatio() {
		assertThatThrownBy(() -> new BrandingProperties("Riverside Health", "", "#7fb3e6", ""))
				.hasMessageContaining("smart.auth.branding.primary-color").hasMessageContaining("4.5:1").hasMessageContaining("darker");
	}

	@Test
	void contrastWhenBlackOnWhiteThenTwentyOne() {
		assertThat(Contrast.ratio("#000000", "#ffffff")).isEqualTo(21.0);
		assertThat(Contrast.ratio(BrandingProperties.DEFAULT_PRIMARY_COLOR, "#ffffff")).isGreaterThan(4.5);
	}

	@Test
	void logoOriginWhenAbsoluteThenSchemeAndHostForTheContentSecurityPolicy() {
		assertThat(new BrandingProperties("R", "https://cdn.example.org:8443/a/logo.png", "#0b5cad", "").logoOrigin())
				.hasValue("https://cdn.example.org:8443");
		assertThat(new BrandingProperties("R", "/logo.svg", "#0b5cad", "").logoOrigin()).isEmpty();
	}

	@Test
	void supportPhoneLinkWhenFormattedThenDigitsOnly() {
		assertThat(new BrandingProperties("R", "", "#0b5cad", "+44 (20) 7946-0000").supportPhoneLink()).isEqualTo("tel:+442079460000");
	}
}
