package org.fhirportal.extensions.effect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.stat.descriptive.rank.Percentile;

/**
 * Difference-in-differences with staggered adoption after Callaway &amp; Sant'Anna, "Difference-in-Differences with
 * multiple time periods", Journal of Econometrics 225(2), 2021, unconditional parallel trends, not-yet-treated
 * controls and a universal base period (the period before adoption):
 * <pre>
 *   ATT(g,t) = mean_{G=g}(Y_t - Y_{g-1}) - mean_{C(g,t)}(Y_t - Y_{g-1}),   C(g,t) = { i : G_i > max(t, g) or never }
 *   θ(e)     = Σ_g w_g ATT(g, g+e),   w_g = n_g / Σ_{g'} n_{g'} over the cohorts observed at g+e     (their eq. 3.7)
 *   overall  = mean of θ(e) over e ≥ 0
 * </pre>
 * Controls must be untreated in both periods compared and are never the cohort itself. For {@code e < -1} the same
 * formula compares two pre-adoption periods: a placebo that should be near 0 if trends were parallel. Inference uses
 * the influence function per unit (so all periods of a unit are one cluster):
 * {@code ψᵢ(g,t) = (n/n_g) 1{Gᵢ=g}(ΔYᵢ - mean_g) - (n/n_C) 1{i∈C}(ΔYᵢ - mean_C)}, aggregated with the weights plus
 * the term for estimated weights (their Appendix B), {@code SE = sqrt(Σ ψᵢ²)/n}; or, if asked, the seeded multiplier
 * bootstrap of their §4 (Rademacher weights, SE from the interquartile range of the bootstrap draws).
 * Units that adopted in the first period have no pre-period and are left out.
 */
public final class StaggeredDid {

	private static final double IQR_NORMAL = 1.3489795003921634;

	/**
	 * @param bootstrapReplicates 0 for influence-function intervals, otherwise the number of multiplier draws
	 * @param seed the seed of the multiplier bootstrap
	 */
	public EventStudy estimate(AdoptionPanel panel, int bootstrapReplicates, long seed) {
		Objects.requireNonNull(panel, "panel");
		if (bootstrapReplicates < 0) {
			throw new IllegalArgumentException("bootstrapReplicates must be 0 or more, got " + bootstrapReplicates);
		}
		int n = panel.units();
		int periods = panel.periods();
		int[] cohortSize = new int[periods];
		int never = 0;
		int excluded = 0;
		for (int i = 0; i < n; i++) {
			int g = panel.group(i);
			if (g == AdoptionPanel.NEVER) {
				never++;
			} else if (g == 0) {
				excluded++;
			} else {
				cohortSize[g]++;
			}
		}
		List<EventStudy.GroupTime> groupTimes = new ArrayList<>();
		TreeMap<Integer, double[]> influenceByEvent = new TreeMap<>();
		TreeMap<Integer, double[]> estimateByEvent = new TreeMap<>();
		TreeMap<Integer, int[]> supportByEvent = new TreeMap<>();
		for (int e = 1 - periods; e < periods; e++) {
			if (e != -1) {
				aggregate(panel, cohortSize, never, e, groupTimes, influenceByEvent, estimateByEvent, supportByEvent);
			}
		}
		Multipliers multipliers = new Multipliers(bootstrapReplicates, seed);
		List<EventStudy.EventTime> curve = new ArrayList<>();
		double[] overallInfluence = new double[n];
		double overallEstimate = 0;
		int post = 0;
		int postGroups = 0;
		int postAdopters = 0;
		for (var entry : estimateByEvent.entrySet()) {
			int e = entry.getKey();
			double[] influence = influenceByEvent.get(e);
			int[] support = supportByEvent.get(e);
			curve.add(point(e, entry.getValue()[0], influence, support[0], support[1], multipliers));
			if (e >= 0) {
				post++;
				overallEstimate += entry.getValue()[0];
				postGroups = Math.max(postGroups, support[0]);
				postAdopters = Math.max(postAdopters, support[1]);
				for (int i = 0; i < n; i++) {
					overallInfluence[i] += influence[i];
				}
			}
		}
		EventStudy.EventTime overall = null;
		if (post > 0) {
			for (int i = 0; i < n; i++) {
				overallInfluence[i] /= post;
			}
			overall = point(post, overallEstimate / post, overallInfluence, postGroups, postAdopters, multipliers);
		}
		int adopters = n - never - excluded;
		return new EventStudy(groupTimes, curve, overall, naiveDifference(panel), n, adopters, never, excluded,
				bootstrapReplicates > 0 ? "multiplier bootstrap" : "influence function");
	}

	/** θ(e): the cohort-size weighted average of ATT(g, g+e) over the cohorts for which it can be estimated. */
	private static void aggregate(AdoptionPanel panel, int[] cohortSize, int never, int e, List<EventStudy.GroupTime> groupTimes,
			TreeMap<Integer, double[]> influenceByEvent, TreeMap<Integer, double[]> estimateByEvent, TreeMap<Integer, int[]> supportByEvent) {
		int n = panel.units();
		List<Integer> cohorts = new ArrayList<>();
		for (int g = 1; g < panel.periods(); g++) {
			int t = g + e;
			if (cohortSize[g] > 0 && t >= 0 && t < panel.periods() && controlCount(cohortSize, never, g, t) > 0) {
				cohorts.add(g);
			}
		}
		if (cohorts.isEmpty()) {
			return;
		}
		double total = 0;
		for (int g : cohorts) {
			total += cohortSize[g];
		}
		double shareSum = total / n;
		double[] influence = new double[n];
		double estimate = 0;
		double[] atts = new double[panel.periods()];
		for (int g : cohorts) {
			double weight = cohortSize[g] / total;
			EventStudy.GroupTime att = groupTime(panel, g, g + e, weight, influence);
			groupTimes.add(att);
			atts[g] = att.estimate();
			estimate += weight * att.estimate();
		}
		// the weights are estimated shares of cohorts: their own influence, Σ_g ATT(g) ∂(p_g/S), which is
		//   Σ_g ATT(g) [(1{Gᵢ=g} - p_g)/S - p_g (1{Gᵢ∈cohorts} - S)/S²]
		//   = (1{Gᵢ∈cohorts} ATT(Gᵢ) - A)/S - A (1{Gᵢ∈cohorts} - S)/S²,   A = Σ_g ATT(g) p_g,
		// so O(1) per unit rather than a sum over the cohorts
		boolean[] inCohorts = new boolean[panel.periods()];
		double weighted = 0;
		for (int g : cohorts) {
			inCohorts[g] = true;
			weighted += atts[g] * cohortSize[g] / (double) n;
		}
		for (int i = 0; i < n; i++) {
			int gi = panel.group(i);
			boolean inAny = gi != AdoptionPanel.NEVER && inCohorts[gi];
			double own = inAny ? atts[gi] : 0;
			influence[i] += (own - weighted) / shareSum - weighted * ((inAny ? 1 : 0) - shareSum) / (shareSum * shareSum);
		}
		influenceByEvent.put(e, influence);
		estimateByEvent.put(e, new double[] {estimate});
		supportByEvent.put(e, new int[] {cohorts.size(), (int) total});
	}

	/** ATT(g,t) with base period g-1; adds {@code weight · ψᵢ(g,t)} into {@code influence}. */
	private static EventStudy.GroupTime groupTime(AdoptionPanel panel, int g, int t, double weight, double[] influence) {
		int n = panel.units();
		int base = g - 1;
		int later = Math.max(t, g);
		double[] sums = new double[2];
		int[] counts = new int[2];
		for (int i = 0; i < n; i++) {
			int arm = arm(panel, i, g, later);
			if (arm >= 0) {
				sums[arm] += panel.outcomes()[i][t] - panel.outcomes()[i][base];
				counts[arm]++;
			}
		}
		double treatedMean = sums[1] / counts[1];
		double controlMean = sums[0] / counts[0];
		double squares = 0;
		for (int i = 0; i < n; i++) {
			int arm = arm(panel, i, g, later);
			if (arm >= 0) {
				double change = panel.outcomes()[i][t] - panel.outcomes()[i][base];
				double psi = arm == 1 ? n / (double) counts[1] * (change - treatedMean) : -n / (double) counts[0] * (change - controlMean);
				influence[i] += weight * psi;
				squares += psi * psi;
			}
		}
		return new EventStudy.GroupTime(g, t, treatedMean - controlMean, Math.sqrt(squares) / n, counts[1], counts[0]);
	}

	/** 1 for the cohort g, 0 for a not-yet-treated control at {@code later}, -1 for neither. */
	private static int arm(AdoptionPanel panel, int unit, int g, int later) {
		int gi = panel.group(unit);
		if (gi == g) {
			return 1;
		}
		return panel.notYetTreated(unit, later) ? 0 : -1;
	}

	/** The not-yet-treated controls of ATT(g,t): the never-adopters and the cohorts adopting after {@code max(t, g)}. */
	private static int controlCount(int[] cohortSize, int never, int g, int t) {
		int count = never;
		for (int h = Math.max(t, g) + 1; h < cohortSize.length; h++) {
			count += cohortSize[h];
		}
		return count;
	}

	private static EventStudy.EventTime point(int e, double estimate, double[] influence, int groups, int adopters, Multipliers multipliers) {
		int n = influence.length;
		double se;
		if (multipliers.replicates() == 0) {
			double squares = 0;
			for (double psi : influence) {
				squares += psi * psi;
			}
			se = Math.sqrt(squares) / n;
		} else {
			// the same seed for every point, so that all points see the same draws of multipliers
			RandomGenerator random = new Well19937c(multipliers.seed());
			double[] draws = new double[multipliers.replicates()];
			for (int b = 0; b < draws.length; b++) {
				double sum = 0;
				for (int i = 0; i < n; i++) {
					sum += random.nextBoolean() ? influence[i] : -influence[i];
				}
				draws[b] = sum / n;
			}
			Percentile percentile = new Percentile();
			se = (percentile.evaluate(draws, 75) - percentile.evaluate(draws, 25)) / IQR_NORMAL;
		}
		return new EventStudy.EventTime(e, estimate, se, Interval.wald95(estimate, se), groups, adopters);
	}

	/** Rademacher multiplier draws (each ±1 with probability 1/2), regenerated from the seed for each point. */
	private record Multipliers(int replicates, long seed) {
	}

	private static double naiveDifference(AdoptionPanel panel) {
		double[] sums = new double[2];
		long[] counts = new long[2];
		for (int i = 0; i < panel.units(); i++) {
			int g = panel.group(i);
			for (int t = 0; t < panel.periods(); t++) {
				int arm = g == AdoptionPanel.NEVER ? 0 : t >= g ? 1 : -1;
				if (arm >= 0) {
					sums[arm] += panel.outcomes()[i][t];
					counts[arm]++;
				}
			}
		}
		return counts[0] == 0 || counts[1] == 0 ? Double.NaN : sums[1] / counts[1] - sums[0] / counts[0];
	}
}
