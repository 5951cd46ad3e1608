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
		for (int j = 0; j < p; j++) {
			double sum = 0;
			for (double[] row : x) {
				sum += row[j];
			}
			double mean = x.length == 0 ? 0 : sum / x.length;
			double squares = 0;
			for (double[] row : x) {
				squares += (row[j] - mean) * (row[j] - mean);
			}
			double sd = x.length < 2 ? 0 : Math.sqrt(squares / (x.length - 1));
			means[j] = mean;
			scales[j] = sd > 1e-12 ? sd : 1;
		}
		return new Standardization(means, scales);
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

	double[][] design(double[][] x) {
		double[][] z = new double[x.length][];
		for (int i = 0; i < x.length; i++) {
			z[i] = designRow(x[i]);
		}
		return z;
	}
}
