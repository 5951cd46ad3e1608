package org.fhirportal.extensions.effect;

import java.util.Arrays;

/**
 * Which units are dropped for lack of overlap: those whose estimated propensity lies outside {@code [lower, upper]}.
 * Either fixed bounds (commonly [0.01, 0.99]) or the data-driven rule of Crump, Hotz, Imbens &amp; Mitnik,
 * "Dealing with limited overlap in estimation of average treatment effects", Biometrika 96(1), 2009, §4: keep
 * {@code α ≤ e(x) ≤ 1-α}, where, with {@code g = 1/(e(1-e))}, no unit is dropped if {@code max g ≤ 2 E[g]} and
 * otherwise {@code γ = 1/(α(1-α))} solves {@code γ = 2 E[g | g ≤ γ]}.
 */
public record Trimming(double lower, double upper, boolean crump) {

	public Trimming {
		if (!crump && !(0 <= lower && lower < upper && upper <= 1)) {
			throw new IllegalArgumentException("trimming bounds must satisfy 0 <= lower < upper <= 1, got [" + lower + ", " + upper + "]");
		}
	}

	public static Trimming bounds(double lower, double upper) {
		return new Trimming(lower, upper, false);
	}

	public static Trimming crumpRule() {
		return new Trimming(Double.NaN, Double.NaN, true);
	}

	/** The bounds {@code [lower, upper]} to apply to these propensities. */
	double[] resolve(double[] propensities) {
		if (!crump) {
			return new double[] {lower, upper};
		}
		double[] g = new double[propensities.length];
		for (int i = 0; i < g.length; i++) {
			double e = Math.min(Math.max(propensities[i], 1e-12), 1 - 1e-12);
			g[i] = 1 / (e * (1 - e));
		}
		Arrays.sort(g);
		double sum = 0;
		double gamma = g[0];
		for (int k = 0; k < g.length; k++) {
			sum += g[k];
			if (g[k] <= 2 * sum / (k + 1)) {
				gamma = g[k];
			}
		}
		if (gamma >= g[g.length - 1]) {
			return new double[] {0, 1};
		}
		double alpha = 0.5 - Math.sqrt(Math.max(0, 0.25 - 1 / gamma));
		return new double[] {alpha, 1 - alpha};
	}
}
