package org.fhirportal.extensions.effect;

/** A fitted regression that predicts a unit's expected outcome from its covariates. */
public interface OutcomeModel {

	double predict(double[] covariates);
}
