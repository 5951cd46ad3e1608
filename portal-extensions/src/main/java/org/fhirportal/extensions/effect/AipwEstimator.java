package org.fhirportal.extensions.effect;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.stat.descriptive.rank.Percentile;

/**
 * Augmented inverse-propensity weighting (AIPW), the doubly robust estimator of Robins, Rotnitzky &amp; Zhao,
 * "Estimation of regression coefficients when some regressors are not always observed", JASA 89(427), 1994, in the
 * form presented by Glynn &amp; Quinn, "An introduction to the augmented inverse propensity weighted estimator",
 * Political Analysis 18(1), 2010. With propensity {@code e(x) = P(T=1|x)} (logistic regression) and outcome models
 * {@code m₁(x), m₀(x)} fitted in each arm (linear, or logistic for binary outcomes):
 * <pre>
 *   ATE:  ψᵢ = m₁(xᵢ) - m₀(xᵢ) + Tᵢ(Yᵢ - m₁(xᵢ))/e(xᵢ) - (1-Tᵢ)(Yᵢ - m₀(xᵢ))/(1 - e(xᵢ)),   τ = mean(ψ),
 *         influence function φᵢ = ψᵢ - τ;
 *   ATT:  τ = Σ [Tᵢ(Yᵢ - m₀(xᵢ)) - (1-Tᵢ) e(xᵢ)/(1-e(xᵢ)) (Yᵢ - m₀(xᵢ))] / Σ Tᵢ,
 *         φᵢ = [Tᵢ(Yᵢ - m₀(xᵢ) - τ) - (1-Tᵢ) e(xᵢ)/(1-e(xᵢ)) (Yᵢ - m₀(xᵢ))] / (n₁/n)   (Hahn 1998, Econometrica 66);
 *   SE = sqrt(Σ φᵢ²) / n,   95% interval τ ± 1.96 SE.
 * </pre>
 * The estimate is consistent if either the propensity or the outcome model is right. Units whose propensity falls
 * outside the {@link Trimming} bounds are dropped and both models refitted on the rest (so the estimand becomes the
 * effect in the region of overlap, which the diagnostics report). Balance is checked with the weights the estimand
 * implies: {@code 1/e} and {@code 1/(1-e)} for the ATE, {@code 1} and {@code e/(1-e)} for the ATT. The optional
 * bootstrap resamples units with a seeded generator and repeats everything, trimming included.
 */
public final class AipwEstimator {

	private static final double EPSILON = 1e-6;

	private final double ridge;

	public AipwEstimator() {
		this(Regressions.DEFAULT_RIDGE);
	}

	public AipwEstimator(double ridge) {
		this.ridge = ridge;
	}

	public AipwResult estimate(EffectSample sample, AipwOptions options) {
		Objects.requireNonNull(sample, "sample");
		Objects.requireNonNull(options, "options");
		int treated = sample.treatedCount();
		if (treated < 2 || sample.size() - treated < 2) {
			throw new IllegalArgumentException("each arm needs at least 2 units, got " + treated + " exposed and "
					+ (sample.size() - treated) + " unexposed");
		}
		Fit fit = fit(sample, options);
		Overlap overlap = new Overlap(fit.treatedRange, fit.controlRange, fit.bounds[0], fit.bounds[1], fit.trimmedTreated,
				fit.trimmedControl, (fit.trimmedTreated + fit.trimmedControl) / (double) sample.size(),
				BalanceDiagnostics.of(sample, fit.kept, fit.balancingWeights(options.estimand())));
		Interval interval = Interval.wald95(fit.estimate, fit.standardError);
		double[] eValues = eValues(sample, options.outcomeType(), fit, interval);
		return new AipwResult(options.estimand(), fit.estimate, fit.standardError, interval, sample.naiveDifference(), fit.treatedMean,
				fit.controlMean, treated, sample.size() - treated, overlap, eValues[0], eValues[1], bootstrap(sample, options));
	}

	private Fit fit(EffectSample sample, AipwOptions options) {
		double[] t = indicator(sample.treated());
		LogisticRegression firstModel = LogisticRegression.fit(sample.covariates(), t, ridge);
		double[] firstStage = predictAll(firstModel, sample.covariates());
		double[] bounds = options.trimming().resolve(firstStage);
		int[] keep = new int[sample.size()];
		int kept = 0;
		int trimmedTreated = 0;
		int trimmedControl = 0;
		double[][] ranges = {{1, 0}, {1, 0}};
		for (int i = 0; i < sample.size(); i++) {
			int arm = sample.treated()[i] ? 1 : 0;
			ranges[arm][0] = Math.min(ranges[arm][0], firstStage[i]);
			ranges[arm][1] = Math.max(ranges[arm][1], firstStage[i]);
			if (firstStage[i] >= bounds[0] && firstStage[i] <= bounds[1]) {
				keep[kept++] = i;
			} else if (arm == 1) {
				trimmedTreated++;
			} else {
				trimmedControl++;
			}
		}
		EffectSample retained = sample.subset(Arrays.copyOf(keep, kept));
		Fit fit = new Fit(retained, bounds, trimmedTreated, trimmedControl, new Overlap.Range(ranges[1][0], ranges[1][1]),
				new Overlap.Range(ranges[0][0], ranges[0][1]));
		fit.estimate(options, ridge, firstModel);
		return fit;
	}

	private Optional<AipwResult.Bootstrap> bootstrap(EffectSample sample, AipwOptions options) {
		int replicates = options.bootstrapReplicates();
		if (replicates == 0) {
			return Optional.empty();
		}
		RandomGenerator random = new Well19937c(options.seed());
		double[] estimates = new double[replicates];
		int[] rows = new int[sample.size()];
		for (int b = 0; b < replicates; b++) {
			for (int k = 0; k < rows.length; k++) {
				rows[k] = random.nextInt(rows.length);
			}
			EffectSample resample = sample.subset(rows);
			int treated = resample.treatedCount();
			estimates[b] = treated < 2 || resample.size() - treated < 2 ? Double.NaN : fit(resample, options).estimate;
		}
		double[] finite = Arrays.stream(estimates).filter(Double::isFinite).toArray();
		Percentile percentile = new Percentile();
		double mean = Arrays.stream(finite).average().orElse(Double.NaN);
		double variance = Arrays.stream(finite).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, finite.length - 1);
		return Optional.of(new AipwResult.Bootstrap(replicates, options.seed(), Math.sqrt(variance),
				new Interval(percentile.evaluate(finite, 2.5), percentile.evaluate(finite, 97.5))));
	}

	/**
	 * E-values of the estimate and of the interval limit nearer the null. Binary outcomes: the risk ratio of the two
	 * potential-outcome means, its limits taken with the control mean held fixed. Continuous: through
	 * {@code d = τ / sd(Y)}.
	 */
	private static double[] eValues(EffectSample sample, OutcomeType type, Fit fit, Interval interval) {
		if (type == OutcomeType.BINARY) {
			double base = fit.controlMean;
			if (!(base > 0)) {
				return new double[] {Double.NaN, Double.NaN};
			}
			return new double[] {EValue.forRiskRatio(fit.treatedMean / base),
					EValue.forRiskRatioInterval((base + interval.lower()) / base, (base + interval.upper()) / base)};
		}
		double sd = standardDeviation(sample.outcomes());
		if (!(sd > 0)) {
			return new double[] {Double.NaN, Double.NaN};
		}
		return new double[] {EValue.forStandardizedDifference(fit.estimate / sd),
				EValue.forRiskRatioInterval(Math.exp(0.91 * interval.lower() / sd), Math.exp(0.91 * interval.upper() / sd))};
	}

	private static double standardDeviation(double[] values) {
		double mean = Arrays.stream(values).average().orElse(0);
		return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.length - 1));
	}

	static double[] indicator(boolean[] flags) {
		double[] values = new double[flags.length];
		for (int i = 0; i < flags.length; i++) {
			values[i] = flags[i] ? 1 : 0;
		}
		return values;
	}

	static double[] predictAll(OutcomeModel model, double[][] x) {
		double[] predictions = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			predictions[i] = model.predict(x[i]);
		}
		return predictions;
	}

	/** Nuisance models on the retained sample and the estimate they give. */
	private static final class Fit {

		final EffectSample kept;
		final double[] bounds;
		final int trimmedTreated;
		final int trimmedControl;
		final Overlap.Range treatedRange;
		final Overlap.Range controlRange;
		double[] propensity;
		double estimate;
		double standardError;
		double treatedMean;
		double controlMean;

		Fit(EffectSample kept, double[] bounds, int trimmedTreated, int trimmedControl, Overlap.Range treatedRange, Overlap.Range controlRange) {
			this.kept = kept;
			this.bounds = bounds;
			this.trimmedTreated = trimmedTreated;
			this.trimmedControl = trimmedControl;
			this.treatedRange = treatedRange;
			this.controlRange = controlRange;
		}

		/** @param firstStage the propensity model before trimming, where the refit on the retained units starts */
		void estimate(AipwOptions options, double ridge, LogisticRegression firstStage) {
			int treated = kept.treatedCount();
			if (treated < 2 || kept.size() - treated < 2) {
				throw new IllegalArgumentException("after trimming to [" + bounds[0] + ", " + bounds[1] + "] an arm has fewer than 2 units");
			}
			double[][] x = kept.covariates();
			boolean[] t = kept.treated();
			double[] y = kept.outcomes();
			int n = y.length;
			propensity = predictAll(LogisticRegression.fit(x, indicator(t), ridge, firstStage), x);
			for (int i = 0; i < n; i++) {
				propensity[i] = Math.min(Math.max(propensity[i], EPSILON), 1 - EPSILON);
			}
			double[] m0 = predictAll(outcomeModel(kept, false, options.outcomeType(), ridge), x);
			double[] influence = new double[n];
			if (options.estimand() == Estimand.ATE) {
				double[] m1 = predictAll(outcomeModel(kept, true, options.outcomeType(), ridge), x);
				double sum1 = 0;
				double sum0 = 0;
				for (int i = 0; i < n; i++) {
					double e = propensity[i];
					double mu1 = m1[i] + (t[i] ? (y[i] - m1[i]) / e : 0);
					double mu0 = m0[i] + (t[i] ? 0 : (y[i] - m0[i]) / (1 - e));
					influence[i] = mu1 - mu0;
					sum1 += mu1;
					sum0 += mu0;
				}
				treatedMean = sum1 / n;
				controlMean = sum0 / n;
				estimate = treatedMean - controlMean;
				for (int i = 0; i < n; i++) {
					influence[i] -= estimate;
				}
			} else {
				double numerator = 0;
				double treatedOutcomes = 0;
				for (int i = 0; i < n; i++) {
					double residual = y[i] - m0[i];
					double e = propensity[i];
					numerator += t[i] ? residual : -e / (1 - e) * residual;
					treatedOutcomes += t[i] ? y[i] : 0;
				}
				estimate = numerator / treated;
				treatedMean = treatedOutcomes / treated;
				controlMean = treatedMean - estimate;
				double share = treated / (double) n;
				for (int i = 0; i < n; i++) {
					double residual = y[i] - m0[i];
					double e = propensity[i];
					influence[i] = (t[i] ? residual - estimate : -e / (1 - e) * residual) / share;
				}
			}
			double squares = 0;
			for (double phi : influence) {
				squares += phi * phi;
			}
			standardError = Math.sqrt(squares) / n;
		}

		double[] balancingWeights(Estimand estimand) {
			double[] weights = new double[kept.size()];
			for (int i = 0; i < weights.length; i++) {
				double e = propensity[i];
				boolean t = kept.treated()[i];
				weights[i] = estimand == Estimand.ATE ? (t ? 1 / e : 1 / (1 - e)) : (t ? 1 : e / (1 - e));
			}
			return weights;
		}

		private static OutcomeModel outcomeModel(EffectSample sample, boolean arm, OutcomeType type, double ridge) {
			int count = 0;
			for (boolean t : sample.treated()) {
				count += t == arm ? 1 : 0;
			}
			double[][] x = new double[count][];
			double[] y = new double[count];
			int k = 0;
			for (int i = 0; i < sample.size(); i++) {
				if (sample.treated()[i] == arm) {
					x[k] = sample.covariates()[i];
					y[k++] = sample.outcomes()[i];
				}
			}
			return type == OutcomeType.BINARY ? LogisticRegression.fit(x, y, ridge) : LinearRegression.fit(x, y, ridge);
		}
	}
}
