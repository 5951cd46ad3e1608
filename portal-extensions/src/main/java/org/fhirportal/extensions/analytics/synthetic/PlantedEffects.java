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
 * {@code P(user) = expit(1.2 - 0.06 (age - 50) - 0.35 conditions)}, age in years at the first month; so over the
 * second half of the months the true average effect on users' (and everyone's) no-show rate is {@code noShow}.
 *
 * <p>With {@link #clinical} the portal instead goes live in the middle generated month ({@code months / 2} after the
 * first, or {@link #launchMonth}): users enrol in its first week and sign in every month from then on, the other patients never, so the months
 * before it are a baseline free of portal use and adoption is not staggered. The generator also writes each patient's clinical course ({@link SyntheticClinicalCourse}):
 * active conditions (sicker patients adopt less, and adhere and follow up less whatever they do), monthly
 * dispenses of their metformin order, glucose results with follow-up encounters and, for patients with diabetes,
 * quarterly HbA1c results, with the other three effects planted. Without it there are no conditions.
 *
 * @param noShow the change in an appointment's no-show probability for portal users, e.g. -0.04
 * @param clinical whether clinical courses (and the three effects below) are generated
 * @param refillAdherence the change in the proportion of a month's days covered for users enrolled by the end of the month
 * @param labFollowUp the change in the probability that an out-of-range result of a user enrolled before it is
 *     followed up within 30 days
 * @param hba1cChange the change in HbA1c (percentage points) of users with diabetes in tests taken after their enrolment
 * @param launchMonth with clinical courses, the generated month (from 0) in which the portal goes live, or
 *     {@link #MIDDLE}
 */
public record PlantedEffects(boolean planted, double noShow, boolean clinical, double refillAdherence, double labFollowUp,
		double hba1cChange, int launchMonth) {

	/** {@link #launchMonth} of a portal that goes live in the middle generated month ({@code months / 2}). */
	public static final int MIDDLE = -1;

	/** The generator as it was before effects were planted: no confounding, every appointment stays booked. */
	public static final PlantedEffects NONE = new PlantedEffects(false, 0, false, 0, 0, 0, MIDDLE);

	public PlantedEffects {
		if (!(noShow >= -0.15 && noShow <= 0.45)) {
			throw new IllegalArgumentException("the planted no-show effect must lie in [-0.15, 0.45] so that probabilities stay in [0, 1], got " + noShow);
		}
		if (launchMonth < MIDDLE) {
			throw new IllegalArgumentException("launchMonth must be a generated month (0 or more) or MIDDLE, got " + launchMonth);
		}
		if (!(Math.abs(refillAdherence) <= 0.3) || !(Math.abs(labFollowUp) <= 0.4) || !(Math.abs(hba1cChange) <= 2)) {
			throw new IllegalArgumentException("planted refill-adherence, lab-follow-up and hba1c-change effects must lie in [-0.3, 0.3],"
					+ " [-0.4, 0.4] and [-2, 2], got " + refillAdherence + ", " + labFollowUp + ", " + hba1cChange);
		}
	}

	/** A planted no-show effect only, without clinical courses. */
	public static PlantedEffects of(double noShow) {
		return new PlantedEffects(true, noShow, false, 0, 0, 0, MIDDLE);
	}

	/** All four effects, with clinical courses. */
	public static PlantedEffects of(double noShow, double refillAdherence, double labFollowUp, double hba1cChange) {
		return new PlantedEffects(true, noShow, true, refillAdherence, labFollowUp, hba1cChange, MIDDLE);
	}

	/** The same effects with the portal going live {@code month} months after the first generated month. */
	public PlantedEffects withLaunchMonth(int month) {
		return new PlantedEffects(planted, noShow, clinical, refillAdherence, labFollowUp, hba1cChange, month);
	}

	/** The no-show probability of an appointment of a patient of this age. */
	double noShowProbability(double age, boolean exposed) {
		return clamp(0.15 + 0.004 * Math.max(0, age) + (exposed ? noShow : 0));
	}

	/** The probability that a patient of this age with this many active conditions is a portal user. */
	static double userProbability(double age, int conditions) {
		return 1 / (1 + Math.exp(-(1.2 - 0.06 * (age - 50) - 0.35 * conditions)));
	}

	/** The expected share of a month's days covered by dispensed supply. */
	double adherence(double age, int conditions, boolean exposed) {
		return 0.60 - 0.004 * (age - 50) - 0.04 * conditions + (exposed ? refillAdherence : 0);
	}

	/** The probability that an out-of-range result is followed up within 30 days. */
	double followUpProbability(double age, int conditions, boolean exposed) {
		return clamp(0.55 - 0.006 * (age - 50) - 0.06 * conditions + (exposed ? labFollowUp : 0));
	}

	static double clamp(double p) {
		return Math.min(1, Math.max(0, p));
	}
}
