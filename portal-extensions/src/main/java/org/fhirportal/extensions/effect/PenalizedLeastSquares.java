package org.fhirportal.extensions.effect;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * Weighted ridge least squares: solves {@code (ZᵀWZ + λD) β = ZᵀWy}, where D is the identity except for a 0 on the
 * intercept (the intercept is never shrunk). Both regressions reduce to it: the linear one once, the logistic one at
 * every Newton-Raphson step (iteratively reweighted least squares). The small ridge keeps the system positive
 * definite when a covariate is constant in an arm or the arms are perfectly separated.
 */
final class PenalizedLeastSquares {

	private PenalizedLeastSquares() {
	}

	static double[] solve(double[][] z, double[] weights, double[] target, double ridge) {
		int p = z[0].length;
		double[][] normal = new double[p][p];
		double[] right = new double[p];
		for (int i = 0; i < z.length; i++) {
			double[] row = z[i];
			double w = weights[i];
			if (w == 0) {
				continue;
			}
			for (int a = 0; a < p; a++) {
				double wa = w * row[a];
				right[a] += wa * target[i];
				for (int b = 0; b <= a; b++) {
					normal[a][b] += wa * row[b];
				}
			}
		}
		for (int a = 0; a < p; a++) {
			for (int b = 0; b < a; b++) {
				normal[b][a] = normal[a][b];
			}
			normal[a][a] += a == 0 ? 1e-10 : ridge;
		}
		RealMatrix matrix = new Array2DRowRealMatrix(normal, false);
		return new CholeskyDecomposition(matrix, 1e-12, 1e-14).getSolver().solve(new ArrayRealVector(right, false)).toArray();
	}
}
