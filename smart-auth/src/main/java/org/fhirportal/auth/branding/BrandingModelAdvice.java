package org.fhirportal.auth.branding;

import java.util.Objects;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every {@link BrandedPage} controller's templates the organization's branding as {@code branding}. */
@ControllerAdvice(annotations = BrandedPage.class)
public class BrandingModelAdvice {

	/** The model attribute the templates read. */
	public static final String ATTRIBUTE = "branding";

	private final BrandingProperties branding;

	public BrandingModelAdvice(BrandingProperties branding) {
		this.branding = Objects.requireNonNull(branding, "branding");
	}

	@ModelAttribute(ATTRIBUTE)
	public BrandingProperties branding() {
		return branding;
	}
}
