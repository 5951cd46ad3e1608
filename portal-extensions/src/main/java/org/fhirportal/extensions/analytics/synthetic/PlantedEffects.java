package org.fhirportal.extensions.analytics.synthetic;

/**
 * Effects of portal use planted in {@link SyntheticPortalActivity}, the ground truth against which the effect
 * estimators ({@code $engagement-effect}) are checked. When planted, the generator also confounds: each patient is
 * a portal user or not (users sign in most months from their enrolment, others rarely, if at all), and older
 * patients are less often users and miss more appointments whatever they do, so the naive comparison of users with
 * others is biased. Users enrol at a uniformly random moment from six months before the first month to the middle
 * of the generated months (so adoption is staggered, and every user is exposed in the second half).
 * Appointments then come more often (in seven patient-months of ten) and those due before the end of the generated
 * months get a final status ({@code fulfilled} or {@code noshow}).
 *
 * <p>No-show model: {@code P(noshow) = 0.15 + 0.004 age + noShow · 1{user enrolled before the appointment}}, with
 * {@code P(user) = expit(1.2 - 0.06 (age - 50))}, age in years at the first month; so over the second half of the
 * months the true average effect on users' (and everyone's) no-show rate is {@code noShow}.
 *
 * @param noShow the change in an appointment's no-show probability for portal users, e.g. -0.04
 */
public record PlantedEffects(boolean planted, double noShow) {

	/** The generator as it was before effects were planted: no confounding, every appointment stays booked. */
	public static final PlantedEffects NONE = new PlantedEffects(false, 0);

	public PlantedEffects {
		if (!(noShow >= -0.15 && noShow <= 0.45)) {
			throw new IllegalArgumentException("the planted no-show effect must lie in [-0.15, 0.45] so that probabilities stay in [0, 1], got " + noShow);
		}
	}

	public static PlantedEffects of(double noShow) {
		return new PlantedEffects(true, noShow);
	}

	/** The no-show probability of an appointment of a patient of this age. */
	double noShowProbability(double age, boolean exposed) {
		return Math.min(1, Math.max(0, 0.15 + 0.004 * Math.max(0, age) + (exposed ? noShow : 0)));
	}

	/** The probability that a patient of this age is a portal user. */
	static double userProbability(double age) {
		return 1 / (1 + Math.exp(-(1.2 - 0.06 * (age - 50))));
	}
}
