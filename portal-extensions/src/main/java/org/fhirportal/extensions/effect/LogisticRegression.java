package org.fhirportal.extensions.effect;

import java.util.Objects;

/**
 * Logistic regression {@code P(y=1|x) = 1 / (1 + exp(-(β₀ + βᵀx)))} fitted by Newton-Raphson, written as
 * iteratively reweighted least squares (McCullagh &amp; Nelder, <i>Generalized Linear Models</i>, 2nd ed. 1989,
 * §4.4): with {@code μ = expit(Zβ)} and {@code W = diag(μ(1-μ))}, each step solves
 * {@code (ZᵀWZ + λD) β' = ZᵀW(Zβ + W⁻¹(y-μ))}. Covariates are standardized first and a small ridge {@code λ}
 * (intercept not penalised) keeps the coefficients finite under complete separation, which small arms make common.
 * It serves as the propensity model and as the outcome model for binary outcomes in {@link AipwEstimator}.
 */
public final class LogisticRegression implements OutcomeModel {

	private static final int MAX_ITERATIONS = 50;
	private static final double TOLERANCE = 1e-8;

	private final Standardization standardization;
	private final double[] coefficients;

	private LogisticRegression(Standardization standardization, double[] coefficients) {
		this.standardization = standardization;
		this.coefficients = coefficients;
	}

	/** Fits {@code logit P(y=1) ~ 1 + x}; {@code y} holds 0 or 1. */
	public static LogisticRegression fit(double[][] x, double[] y, double ridge) {
		return fit(x, y, ridge, null);
	}

	/**
	 * As {@link #fit(double[][], double[], double)}, with Newton-Raphson started from the linear predictor of
	 * {@code start} (a fit of the same model on overlapping data, e.g. before trimming) rather than from zero: the same
	 * optimum, in a step or two instead of five or more. {@code null} starts from zero.
	 */
	static LogisticRegression fit(double[][] x, double[] y, double ridge, LogisticRegression start) {
		Objects.requireNonNull(x, "x");
		Objects.requireNonNull(y, "y");
		Regressions.checkShape(x, y.length);
		for (double v : y) {
			if (v != 0 && v != 1) {
				throw new IllegalArgumentException("a logistic regression needs outcomes 0 or 1, got " + v);
			}
		}
		Standardization standardization = Standardization.of(x);
		double[][] z = standardization.design(x);
		int n = y.length;
		double[] beta = start == null ? new double[z[0].length] : standardization.coefficientsFrom(start.standardization, start.coefficients);
		double[] weights = new double[n];
		double[] working = new double[n];
		for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
			for (int i = 0; i < n; i++) {
				double eta = Regressions.linearPredictor(beta, z[i]);
				double mu = expit(eta);
				double w = Math.max(mu * (1 - mu), 1e-10);
				weights[i] = w;
				working[i] = eta + (y[i] - mu) / w;
			}
			double[] next = PenalizedLeastSquares.solve(z, weights, working, ridge);
			double change = 0;
			for (int j = 0; j < beta.length; j++) {
				change = Math.max(change, Math.abs(next[j] - beta[j]));
			}
			beta = next;
			if (change < TOLERANCE) {
				break;
			}
		}
		return new LogisticRegression(standardization, beta);
	}

	/** The fitted probability {@code P(y=1|x)}. */
	@Override
	public double predict(double[] row) {
		return expit(standardization.linearPredictor(coefficients, row));
	}

	/** Coefficients on the standardized scale, intercept first. */
	double[] standardizedCoefficients() {
		return coefficients.clone();
	}

	static double expit(double eta) {
		return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
	}
}
