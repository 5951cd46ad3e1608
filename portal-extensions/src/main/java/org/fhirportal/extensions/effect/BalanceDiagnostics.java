package org.fhirportal.extensions.effect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Standardized mean differences of each covariate, unweighted and weighted (see {@link Overlap.Balance}). */
final class BalanceDiagnostics {

	private BalanceDiagnostics() {
	}

	/**
	 * @param raw the whole sample (its unweighted differences and standard deviations)
	 * @param kept the trimmed sample the estimate uses
	 * @param weights one balancing weight per unit of {@code kept}
	 */
	static List<Overlap.Balance> of(EffectSample raw, EffectSample kept, double[] weights) {
		double[] ones = new double[raw.size()];
		Arrays.fill(ones, 1);
		List<Overlap.Balance> balance = new ArrayList<>();
		for (int j = 0; j < raw.covariateNames().size(); j++) {
			double[][] before = armMoments(raw, ones, j);
			double[][] after = armMoments(kept, weights, j);
			double pooled = Math.sqrt((before[1][1] + before[0][1]) / 2);
			double scale = pooled > 1e-12 ? pooled : 1;
			balance.add(new Overlap.Balance(raw.covariateNames().get(j), (before[1][0] - before[0][0]) / scale,
					(after[1][0] - after[0][0]) / scale));
		}
		return balance;
	}

	/** Per arm (0 control, 1 treated): weighted mean and weighted variance of column j. */
	private static double[][] armMoments(EffectSample sample, double[] weights, int j) {
		double[] sumW = new double[2];
		double[] sumWx = new double[2];
		double[] sumWxx = new double[2];
		for (int i = 0; i < sample.size(); i++) {
			int arm = sample.treated()[i] ? 1 : 0;
			double x = sample.covariates()[i][j];
			sumW[arm] += weights[i];
			sumWx[arm] += weights[i] * x;
			sumWxx[arm] += weights[i] * x * x;
		}
		double[][] moments = new double[2][2];
		for (int arm = 0; arm < 2; arm++) {
			double mean = sumW[arm] > 0 ? sumWx[arm] / sumW[arm] : 0;
			moments[arm][0] = mean;
			moments[arm][1] = sumW[arm] > 0 ? Math.max(0, sumWxx[arm] / sumW[arm] - mean * mean) : 0;
		}
		return moments;
	}
}
