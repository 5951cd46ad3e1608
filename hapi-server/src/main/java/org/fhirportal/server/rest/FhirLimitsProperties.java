package org.fhirportal.server.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what one request to {@code /fhir} may ask of the server ({@code portal.fhir.limits.*}). A request over
 * a limit is refused with a 4xx OperationOutcome before the server does the work, and stores nothing.
 *
 * @param maxRequestSize       largest request body (Binary uploads have their own limit,
 *                             {@code portal.storage.max-binary-size-bytes})
 * @param maxBundleEntries     most entries in a batch or transaction
 * @param maxElementRepeats    most values of one element in a written resource (e.g. a Patient's names, a Group's members)
 * @param maxSortKeys          most {@code _sort} keys in a search
 * @param maxIncludes          most {@code _include} and {@code _revinclude} values in a search, together
 * @param maxSearchParameters  most query parameter values in one request
 * @param maxOffset            largest {@code _offset} of a search page
 * @param searchTimeout        how long one database query of a search may run before it is cancelled (503)
 */
@Validated
@ConfigurationProperties("portal.fhir.limits")
public record FhirLimitsProperties(
		@NotNull(message = "portal.fhir.limits.max-request-size must be a size such as 10MB") @DefaultValue("10MB") DataSize maxRequestSize,
		@Min(value = 1, message = "portal.fhir.limits.max-bundle-entries must be at least 1") @DefaultValue("1000") int maxBundleEntries,
		@Min(value = 1, message = "portal.fhir.limits.max-element-repeats must be at least 1") @DefaultValue("10000") int maxElementRepeats,
		@Min(value = 1, message = "portal.fhir.limits.max-sort-keys must be at least 1") @DefaultValue("5") int maxSortKeys,
		@Min(value = 0, message = "portal.fhir.limits.max-includes must not be negative") @DefaultValue("10") int maxIncludes,
		@Min(value = 1, message = "portal.fhir.limits.max-search-parameters must be at least 1") @DefaultValue("30") int maxSearchParameters,
		@Min(value = 0, message = "portal.fhir.limits.max-offset must not be negative")
		@Max(value = Integer.MAX_VALUE / 2, message = "portal.fhir.limits.max-offset must be at most 1073741823") @DefaultValue("10000")
				int maxOffset,
		@NotNull(message = "portal.fhir.limits.search-timeout must be a duration such as 30s") @DefaultValue("30s") Duration searchTimeout) {

	public FhirLimitsProperties {
		if (maxRequestSize != null && maxRequestSize.toBytes() < 1024) {
			throw new IllegalArgumentException("portal.fhir.limits.max-request-size must be at least 1KB, was " + maxRequestSize);
		}
		if (searchTimeout != null && searchTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("portal.fhir.limits.search-timeout must be at least 1s (JDBC counts whole seconds), was "
					+ searchTimeout);
		}
	}
}
