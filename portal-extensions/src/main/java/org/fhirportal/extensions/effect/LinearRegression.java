package org.fhirportal.extensions.effect;

import java.util.Arrays;
import java.util.Objects;

/**
 * Ordinary least squares with an intercept and a small ridge penalty on standardized covariates, used as the
 * outcome model of {@link AipwEstimator} for continuous outcomes. The ridge only stabilises a near-singular design
 * (a covariate constant within an arm); on ordinary data its effect on predictions is negligible.
 */
public final class LinearRegression implements OutcomeModel {

	private final Standardization standardization;
	private final double[] coefficients;

	private LinearRegression(Standardization standardization, double[] coefficients) {
		this.standardization = standardization;
		this.coefficients = coefficients;
	}

	/** Fits {@code y ~ 1 + x}; rows of {@code x} are units, columns covariates. */
	public static LinearRegression fit(double[][] x, double[] y, double ridge) {
		Objects.requireNonNull(x, "x");
		Objects.requireNonNull(y, "y");
		Regressions.checkShape(x, y.length);
		Standardization standardization = Standardization.of(x);
		double[][] z = standardization.design(x);
		double[] ones = new double[y.length];
		Arrays.fill(ones, 1);
		return new LinearRegression(standardization, PenalizedLeastSquares.solve(z, ones, y, ridge));
	}

	@Override
	public double predict(double[] row) {
		return standardization.linearPredictor(coefficients, row);
	}
}
