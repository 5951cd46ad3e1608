package org.fhirportal.extensions.effect;

/**
 * The E-value of VanderWeele &amp; Ding, "Sensitivity analysis in observational research: introducing the
 * E-value", Annals of Internal Medicine 167(4), 2017: the minimum strength of association, on the risk-ratio scale,
 * that an unmeasured confounder would need with both exposure and outcome to explain the estimate away:
 * {@code E = RR + sqrt(RR (RR - 1))} for {@code RR ≥ 1} (take {@code 1/RR} below 1). For a continuous outcome the
 * standardized difference {@code d = effect / sd(outcome)} is first turned into an approximate risk ratio
 * {@code RR ≈ exp(0.91 d)} (their Table, after Chinn 2000).
 */
public final class EValue {

	private EValue() {
	}

	public static double forRiskRatio(double riskRatio) {
		if (!(riskRatio > 0) || Double.isInfinite(riskRatio)) {
			return Double.NaN;
		}
		double rr = riskRatio < 1 ? 1 / riskRatio : riskRatio;
		return rr + Math.sqrt(rr * (rr - 1));
	}

	public static double forStandardizedDifference(double d) {
		return forRiskRatio(Math.exp(0.91 * d));
	}

	/** The E-value for the confidence limit closest to the null; 1 when the interval contains the null. */
	static double forRiskRatioInterval(double lowerRiskRatio, double upperRiskRatio) {
		if (lowerRiskRatio <= 1 && 1 <= upperRiskRatio) {
			return 1;
		}
		return forRiskRatio(lowerRiskRatio > 1 ? lowerRiskRatio : upperRiskRatio);
	}
}
