package org.fhirportal.extensions.effect;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated patients with a known portal effect on no-shows and the confounding the issue describes: older and
 * sicker patients, and those who already missed appointments, adopt the portal less and miss more appointments
 * whatever they do. The no-show probability is {@code p₀(x) + effect·T}, so the true ATE and ATT both equal
 * {@code effect}; the propensity is logistic in the covariates (the propensity model is right), the no-show model
 * is linear in probability (the logistic outcome model is wrong), as double robustness allows.
 */
final class ConfoundedPortalData {

	static final List<String> COVARIATES = List.of("age", "conditions", "female", "baselineNoShow");

	private ConfoundedPortalData() {
	}

	static EffectSample binary(long seed, int n, double effect) {
		return generate(seed, n, (random, unit) -> {
			double age = 20 + 65 * random.nextDouble();
			double conditions = random.nextInt(6);
			double female = random.nextBoolean() ? 1 : 0;
			double risk = 0.06 + 0.002 * (age - 20) + 0.03 * conditions;
			double baseline = random.nextDouble() < risk ? 1 : 0;
			double logit = 1.0 - 0.05 * (age - 50) - 0.35 * conditions + 0.2 * female - 0.8 * baseline;
			boolean treated = random.nextDouble() < LogisticRegression.expit(logit);
			double noShow = risk + 0.10 * baseline + (treated ? effect : 0);
			unit.set(new double[] {age, conditions, female, baseline}, treated, random.nextDouble() < noShow ? 1 : 0);
		});
	}

	/** A continuous outcome (e.g. a change in HbA1c) with the same confounding and a constant effect. */
	static EffectSample continuous(long seed, int n, double effect) {
		return generate(seed, n, (random, unit) -> {
			double age = 20 + 65 * random.nextDouble();
			double conditions = random.nextInt(6);
			boolean treated = random.nextDouble() < LogisticRegression.expit(1.0 - 0.04 * (age - 50) - 0.35 * conditions);
			double y = 0.01 * (age - 50) + 0.15 * conditions + (treated ? effect : 0) + 0.6 * gaussian(random);
			unit.set(new double[] {age, conditions, random.nextBoolean() ? 1 : 0, 0}, treated, y);
		});
	}

	private interface UnitDraw {
		void draw(SplittableRandom random, Unit unit);
	}

	private static final class Unit {
		double[] covariates;
		boolean treated;
		double outcome;

		void set(double[] x, boolean t, double y) {
			covariates = x;
			treated = t;
			outcome = y;
		}
	}

	private static EffectSample generate(long seed, int n, UnitDraw draw) {
		SplittableRandom random = new SplittableRandom(seed);
		double[][] x = new double[n][];
		boolean[] treated = new boolean[n];
		double[] y = new double[n];
		Unit unit = new Unit();
		for (int i = 0; i < n; i++) {
			draw.draw(random, unit);
			x[i] = unit.covariates;
			treated[i] = unit.treated;
			y[i] = unit.outcome;
		}
		return new EffectSample(COVARIATES, x, treated, y);
	}

	static double gaussian(SplittableRandom random) {
		double u = 1 - random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
	}
}
