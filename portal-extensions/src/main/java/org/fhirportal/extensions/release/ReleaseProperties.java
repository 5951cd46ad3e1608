package org.fhirportal.extensions.release;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Release of results to patients ({@code portal.release.*}).
 *
 * @param heldCategories categories ({@code system|code}) of Observations, DiagnosticReports and DocumentReferences
 *                       held back from the patient until a clinician releases them, e.g.
 *                       {@code http://terminology.hl7.org/CodeSystem/v2-0074|PAT}. Empty (the default): every result
 *                       is released at once, as the US information-blocking rules expect.
 */
@Validated
@ConfigurationProperties("portal.release")
public record ReleaseProperties(@DefaultValue({}) List<String> heldCategories) {

	public ReleaseProperties {
		heldCategories = heldCategories == null ? List.of() : List.copyOf(heldCategories);
		for (String category : heldCategories) {
			int bar = category.indexOf('|');
			if (bar <= 0 || bar == category.length() - 1) {
				throw new IllegalArgumentException("portal.release.held-categories entries are system|code tokens, e.g. "
						+ "http://terminology.hl7.org/CodeSystem/observation-category|laboratory; got '" + category + "'");
			}
		}
	}
}
