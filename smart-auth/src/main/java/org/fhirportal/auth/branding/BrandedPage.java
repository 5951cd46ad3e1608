package org.fhirportal.auth.branding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose pages are rendered in the organization's look: its templates get the
 * {@link BrandingProperties} as model attribute {@code branding} (see {@link BrandingModelAdvice}) and use the
 * layout {@code auth/layout}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface BrandedPage {
}
