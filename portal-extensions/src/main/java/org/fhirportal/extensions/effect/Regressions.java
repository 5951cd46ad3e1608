package org.fhirportal.extensions.effect;

/** Small checks and sums the two regressions share. */
final class Regressions {

	/** Default ridge penalty on standardized coefficients: enough to keep separation finite, too small to bias. */
	static final double DEFAULT_RIDGE = 1e-3;

	private Regressions() {
	}

	static void checkShape(double[][] x, int n) {
		if (x.length != n) {
			throw new IllegalArgumentException("x has " + x.length + " rows but there are " + n + " outcomes");
		}
		if (n < 2) {
			throw new IllegalArgumentException("at least 2 units are needed to fit a regression, got " + n);
		}
		int p = x[0].length;
		for (double[] row : x) {
			if (row.length != p) {
				throw new IllegalArgumentException("every row of x must have " + p + " covariates");
			}
		}
	}

	static double linearPredictor(double[] coefficients, double[] designRow) {
		double eta = 0;
		for (int j = 0; j < coefficients.length; j++) {
			eta += coefficients[j] * designRow[j];
		}
		return eta;
	}
}
