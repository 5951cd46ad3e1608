package org.fhirportal.extensions.effect;

import java.util.List;
import java.util.Objects;

/**
 * One row per unit (patient): covariates measured before exposure, whether the unit was exposed, and its outcome.
 * Plain arrays so that the estimators stay independent of FHIR and of storage; the arrays are not copied.
 *
 * @param covariateNames a name per covariate column, used in the balance diagnostics
 * @param covariates rows are units, columns covariates
 * @param treated whether each unit was exposed (an active portal user)
 * @param outcomes each unit's outcome (0/1 for binary outcomes)
 */
public record EffectSample(List<String> covariateNames, double[][] covariates, boolean[] treated, double[] outcomes) {

	public EffectSample {
		covariateNames = List.copyOf(Objects.requireNonNull(covariateNames, "covariateNames"));
		Objects.requireNonNull(covariates, "covariates");
		Objects.requireNonNull(treated, "treated");
		Objects.requireNonNull(outcomes, "outcomes");
		if (covariates.length != treated.length || treated.length != outcomes.length) {
			throw new IllegalArgumentException("covariates, treated and outcomes must have one entry per unit");
		}
		for (double[] row : covariates) {
			if (row.length != covariateNames.size()) {
				throw new IllegalArgumentException("every covariate row must have " + covariateNames.size() + " values");
			}
		}
	}

	public int size() {
		return outcomes.length;
	}

	public int treatedCount() {
		int count = 0;
		for (boolean t : treated) {
			count += t ? 1 : 0;
		}
		return count;
	}

	/** The plain difference in mean outcome between exposed and unexposed units, with no adjustment at all. */
	public double naiveDifference() {
		double[] sums = new double[2];
		int[] counts = new int[2];
		for (int i = 0; i < outcomes.length; i++) {
			int arm = treated[i] ? 1 : 0;
			sums[arm] += outcomes[i];
			counts[arm]++;
		}
		return sums[1] / counts[1] - sums[0] / counts[0];
	}

	EffectSample subset(int[] rows) {
		double[][] x = new double[rows.length][];
		boolean[] t = new boolean[rows.length];
		double[] y = new double[rows.length];
		for (int k = 0; k < rows.length; k++) {
			x[k] = covariates[rows[k]];
			t[k] = treated[rows[k]];
			y[k] = outcomes[rows[k]];
		}
		return new EffectSample(covariateNames, x, t, y);
	}
}
