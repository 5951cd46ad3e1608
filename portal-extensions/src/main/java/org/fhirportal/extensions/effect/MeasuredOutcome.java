package org.fhirportal.extensions.effect;

import java.util.List;

/**
 * One outcome read from {@link PatientMonths}, row by row: the AIPW unit's outcome over the period (NaN when the
 * patient has none and is no unit), the outcome's own baseline covariates, and the DiD outcome per month (null
 * when the patient is not in the panel, or for every patient when the outcome has no monthly form).
 */
record MeasuredOutcome(List<String> baselineNames, double[] period, double[][] baseline, double[][] monthly) {

	MeasuredOutcome {
		baselineNames = List.copyOf(baselineNames);
	}
}
