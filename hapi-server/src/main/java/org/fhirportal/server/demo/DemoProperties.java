package org.fhirportal.server.demo;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Shape of the demo population loaded when {@code portal.demo=true} ({@code portal.demo-population.*}).
 *
 * @param patients how many patients to generate
 * @param seed     random seed; the same seed gives the same people
 * @param engagementPatients how many synthetic portal users to give six months of engagement history
 *                 ({@link DemoEngagement}), so the analysts' dashboard shows figures; 0 for none
 * @param effects  effects of portal use planted in that history, with their confounding, for
 *                 {@code $engagement-effect} to recover ({@code portal.demo-population.effects.*})
 */
@Validated
@ConfigurationProperties("portal.demo-population")
public record DemoProperties(
		@DefaultValue("50") @Min(value = 1, message = "portal.demo-population.patients must be at least 1")
				@Max(value = 10_000, message = "portal.demo-population.patients above 10000: use Synthea for large populations")
				int patients,
		@DefaultValue("42") long seed,
		@DefaultValue("80") @Min(value = 0, message = "portal.demo-population.engagement-patients must be 0 (none) or more")
				@Max(value = 2_000, message = "portal.demo-population.engagement-patients above 2000: use the engagement benchmark instead")
				int engagementPatients,
		@DefaultValue @Valid Effects effects) {

	/**
	 * @param noShow the change in an appointment's no-show probability that portal users get (a modest -0.04 by default)
	 * @param refillAdherence the change in the proportion of a month's days covered by dispensed metformin for users
	 *     (+0.05 by default)
	 * @param labFollowUp the change in the probability that a user's out-of-range lab result is followed by an
	 *     encounter or kept appointment within 30 days (+0.08 by default)
	 * @param hba1cChange the change in HbA1c (percentage points) of users with diabetes in tests after their enrolment
	 *     (-0.2 by default)
	 */
	public record Effects(
			@DefaultValue("-0.04") @DecimalMin(value = "-0.15", message = "portal.demo-population.effects.no-show below -0.15 makes negative probabilities")
					@DecimalMax(value = "0.45", message = "portal.demo-population.effects.no-show above 0.45 makes probabilities above 1")
					double noShow,
			@DefaultValue("0.05") @DecimalMin(value = "-0.3", message = "portal.demo-population.effects.refill-adherence must be at least -0.3")
					@DecimalMax(value = "0.3", message = "portal.demo-population.effects.refill-adherence must be at most 0.3")
					double refillAdherence,
			@DefaultValue("0.08") @DecimalMin(value = "-0.4", message = "portal.demo-population.effects.lab-follow-up must be at least -0.4")
					@DecimalMax(value = "0.4", message = "portal.demo-population.effects.lab-follow-up must be at most 0.4")
					double labFollowUp,
			@DefaultValue("-0.2") @DecimalMin(value = "-2", message = "portal.demo-population.effects.hba1c-change must be at least -2 (percentage points)")
					@DecimalMax(value = "2", message = "portal.demo-population.effects.hba1c-change must be at most 2 (percentage points)")
					double hba1cChange) {}
}
