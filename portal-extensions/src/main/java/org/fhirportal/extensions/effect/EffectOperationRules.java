package org.fhirportal.extensions.effect;

import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.extensions.access.OperationRules;
import org.fhirportal.extensions.analytics.EngagementOperationRules;

/**
 * Lets analysts call {@code $engagement-effect}, under exactly the rule of {@code $engagement}
 * ({@link EngagementOperationRules#isAnalyst}): the estimate is computed from the audit trail and patients' records,
 * so it takes the audit trail's authorization, and never a patient's or caregiver's token.
 */
public class EffectOperationRules implements OperationRules {

	@Override
	public void addTo(RuleBuilder rules, SmartAccessContext access) {
		if (EngagementOperationRules.isAnalyst(access)) {
			rules.allow("engagement effect analytics").operation().named("$engagement-effect").onServer().andAllowAllResponses().andThen();
		}
	}
}
