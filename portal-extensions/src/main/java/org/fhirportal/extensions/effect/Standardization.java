package org.fhirportal.extensions.effect;

/**
 * Centres and scales covariate columns so that one ridge penalty means the same for every covariate whatever its
 * unit (an age in years, a count of conditions, a 0/1 indicator). A column without spread keeps scale 1.
 */
final class Standardization {

	private final double[] means;
	private final double[] scales;

	private Standardization(double[] means, double[] scales) {
		this.means = means;
		this.scales = scales;
	}

	static Standardization of(double[][] x) {
		int p = x.length == 0 ? 0 : x[0].length;
		double[] means = new double[p];
		double[] scales = new double[p];
		// row by row (each row is one array), not column by column, so that the rows are read in memory order
		for (double[] row : x) {
			for (int j = 0; j < p; j++) {
				means[j] += row[j];
			}
		}
		for (int j = 0; j < p; j++) {
			means[j] = x.length == 0 ? 0 : means[j] / x.length;
		}
		double[] squares = new double[p];
		for (double[] row : x) {
			for (int j = 0; j < p; j++) {
				double d = row[j] - means[j];
				squares[j] += d * d;
			}
		}
		for (int j = 0; j < p; j++) {
			double sd = x.length < 2 ? 0 : Math.sqrt(squares[j] / (x.length - 1));
			scales[j] = sd > 1e-12 ? sd : 1;
		}
		return new Standardization(means, scales);
	}

	/**
	 * The coefficients on this scale (intercept first) of the linear predictor that {@code coefficients} give on
	 * {@code other}'s scale: {@code b₀ + Σ b_j (x_j - m_j)/s_j = c₀ + Σ c_j (x_j - m'_j)/s'_j} for every x, so
	 * {@code c_j = b_j s'_j / s_j} and {@code c₀ = b₀ + Σ b_j (m'_j - m_j)/s_j}.
	 */
	double[] coefficientsFrom(Standardization other, double[] coefficients) {
		double[] c = new double[coefficients.length];
		c[0] = coefficients[0];
		for (int j = 0; j < means.length; j++) {
			c[j + 1] = coefficients[j + 1] * scales[j] / other.scales[j];
			c[0] += coefficients[j + 1] * (means[j] - other.means[j]) / other.scales[j];
		}
		return c;
	}

	/** The row with a leading 1 for the intercept, then each covariate centred and scaled. */
	double[] designRow(double[] row) {
		double[] z = new double[row.length + 1];
		z[0] = 1;
		for (int j = 0; j < row.length; j++) {
			z[j + 1] = (row[j] - means[j]) / scales[j];
		}
		return z;
	}

	/** {@code coefficients · designRow(row)}, without making the design row. */
	double linearPredictor(double[] coefficients, double[] row) {
		double eta = coefficients[0];
		for (int j = 0; j < row.length; j++) {
			eta += coefficients[j + 1] * ((row[j] - means[j]) / scales[j]);
		}
		return eta;
	}

	double[][] design(double[][] x) {
		double[][] z = new double[x.length][];
		for (int i = 0; i < x.length; i++) {
			z[i] = designRow(x[i]);
		}
		return z;
	}
}
