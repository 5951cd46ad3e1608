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
		double[][][] before = armMoments(raw, ones);
		double[][][] after = armMoments(kept, weights);
		List<Overlap.Balance> balance = new ArrayList<>();
		for (int j = 0; j < raw.covariateNames().size(); j++) {
			double pooled = Math.sqrt((before[j][1][1] + before[j][0][1]) / 2);
			double scale = pooled > 1e-12 ? pooled : 1;
			balance.add(new Overlap.Balance(raw.covariateNames().get(j), (before[j][1][0] - before[j][0][0]) / scale,
					(after[j][1][0] - after[j][0][0]) / scale));
		}
		return balance;
	}

	/**
	 * Per column j and arm (0 control, 1 treated): weighted mean and weighted variance, {@code [j][arm][0 or 1]}. One
	 * pass over the rows for all columns (each row is one array).
	 */
	private static double[][][] armMoments(EffectSample sample, double[] weights) {
		int p = sample.covariateNames().size();
		double[] sumW = new double[2];
		double[][] sumWx = new double[2][p];
		double[][] sumWxx = new double[2][p];
		for (int i = 0; i < sample.size(); i++) {
			int arm = sample.treated()[i] ? 1 : 0;
			double w = weights[i];
			double[] row = sample.covariates()[i];
			double[] wx = sumWx[arm];
			double[] wxx = sumWxx[arm];
			sumW[arm] += w;
			for (int j = 0; j < p; j++) {
				double x = row[j];
				wx[j] += w * x;
				wxx[j] += w * x * x;
			}
		}
		double[][][] moments = new double[p][2][2];
		for (int j = 0; j < p; j++) {
			for (int arm = 0; arm < 2; arm++) {
				double mean = sumW[arm] > 0 ? sumWx[arm][j] / sumW[arm] : 0;
				moments[j][arm][0] = mean;
				moments[j][arm][1] = sumW[arm] > 0 ? Math.max(0, sumWxx[arm][j] / sumW[arm] - mean * mean) : 0;
			}
		}
		return moments;
	}
}
