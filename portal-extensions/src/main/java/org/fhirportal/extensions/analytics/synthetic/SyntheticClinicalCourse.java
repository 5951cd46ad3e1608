package org.fhirportal.extensions.analytics.synthetic;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One patient's clinical course for the planted effects of {@link PlantedEffects} other than no-shows, drawn from a
 * random stream of its own (so the portal activity of a seed without clinical courses is unchanged). Ground truth:
 * <ul>
 *   <li>Conditions: type 2 diabetes (SNOMED CT 44054006) with probability {@code 0.12 + 0.4 min(age, 90)/90}, and
 *       each of hypertension, hyperlipidaemia and asthma with {@code 0.05 + 0.35 min(age, 90)/90}; onset years before.
 *       Their number lowers the chance of being a portal user ({@link PlantedEffects#userProbability}).</li>
 *   <li>Refill adherence: from the month before the first month, each month a dispense of the metformin order
 *       covering {@code round(a · days in month)} days up to the month's end, where {@code a} is
 *       {@link PlantedEffects#adherence} plus a patient's own N(0, 0.08²) and a month's N(0, 0.05²) noise, cut to [0, 1]; the month's proportion of days
 *       covered is {@code a}, so the effect on a month's PDC is {@code refillAdherence} for a user enrolled by the
 *       end of the month (up to the rounding and the cut at 1).</li>
 *   <li>Lab follow-up: {@code months + 2} glucose results (LOINC 2345-7, reference 70-99 mg/dL) from 90 days before
 *       the first month to 31 days before the end, each out of range with probability
 *       {@code 0.45 + 0.003 (age - 50) + 0.05 conditions}. An out-of-range result is followed up (a kept appointment or
 *       an encounter within 30 days) with probability {@link PlantedEffects#followUpProbability}: if followed up and
 *       no appointment is kept in its 30 days, an encounter is added; if not, the result is placed at a moment of
 *       the same exposure (before or after the user's enrolment) with no visit in the 30 days after it.</li>
 *   <li>HbA1c (LOINC 4548-4, %, no reference range): for patients with diabetes, a test every 91 days, 10 to 80 days
 *       into each quarter counted from the middle month (so never in the week users enrol), {@code 7.4 + 0.01 (age - 50) + 0.1 (conditions - 1) + u} with a patient level
 *       {@code u ~ N(0, 0.5²)}, drifting {@code 0.02 + 0.002 (age - 50)} per month, changed by {@code hba1cChange}
 *       in tests after a user's enrolment, plus N(0, 0.15²) measurement noise.</li>
 * </ul>
 */
final class SyntheticClinicalCourse {

	private static final String GLUCOSE = "2345-7";
	private static final Duration FOLLOW_UP = Duration.ofDays(30);
	private static final String[][] OTHER_CONDITIONS = {
		{"38341003", "Hypertensive disorder"}, {"55822004", "Hyperlipidemia"}, {"195967001", "Asthma"}
	};

	private final SyntheticPortalActivity.Builder all;
	private final int index;
	private final String patientId;
	private final double age;
	private final SplittableRandom random;
	private final PlantedEffects effects;
	private final List<SyntheticActivity.Condition> conditions = new ArrayList<>();
	private int counter;

	/** Draws the patient's conditions (from its own stream; none unless {@link PlantedEffects#clinical()}). */
	SyntheticClinicalCourse(SyntheticPortalActivity.Builder all, int index, String patientId, double age) {
		this.all = all;
		this.index = index;
		this.patientId = patientId;
		this.age = age;
		this.effects = all.settings.effects();
		this.random = new SplittableRandom(all.settings.seed() * 2_000_029L + index * 31L + 7);
		if (!effects.clinical()) {
			return;
		}
		double frailty = Math.min(Math.max(age, 0), 90) / 90;
		LocalDate first = all.settings.firstMonth().atDay(1);
		if (random.nextDouble() < 0.12 + 0.4 * frailty) {
			conditions.add(new SyntheticActivity.Condition("Condition/" + all.id("dm", index, -1), patientId, "44054006",
					"Diabetes mellitus type 2", first.minusDays(365 + random.nextInt(3650)), true));
		}
		for (int c = 0; c < OTHER_CONDITIONS.length; c++) {
			if (random.nextDouble() < 0.05 + 0.35 * frailty) {
				conditions.add(new SyntheticActivity.Condition("Condition/" + all.id("cond", index, c), patientId, OTHER_CONDITIONS[c][0],
						OTHER_CONDITIONS[c][1], first.minusDays(365 + random.nextInt(3650)), false));
			}
		}
	}

	int conditionCount() {
		return conditions.size();
	}

	/**
	 * @param user whether the patient is a portal user (the planted effects apply to users from their enrolment)
	 * @param keptAppointments the starts of the patient's appointments that are not no-shows
	 */
	void live(boolean user, Optional<Instant> enrolled, List<Instant> keptAppointments) {
		if (!effects.clinical()) {
			return;
		}
		Optional<Instant> exposedFrom = user ? enrolled : Optional.empty();
		all.conditions.addAll(conditions);
		dispenses(exposedFrom);
		glucose(exposedFrom, new ArrayList<>(keptAppointments));
		if (conditions.stream().anyMatch(SyntheticActivity.Condition::diabetes)) {
			hba1c(exposedFrom);
		}
	}

	private void dispenses(Optional<Instant> exposedFrom) {
		double own = 0.08 * random.nextGaussian();
		String order = "MedicationRequest/" + all.id("mr", index, -1);
		for (YearMonth month = all.settings.firstMonth().minusMonths(1); month.isBefore(all.settings.firstMonth().plusMonths(all.settings.months()));
				month = month.plusMonths(1)) {
			Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			boolean exposed = exposedFrom.filter(e -> e.isBefore(monthEnd)).isPresent();
			double a = PlantedEffects.clamp(effects.adherence(age, conditions.size(), exposed) + own + 0.05 * random.nextGaussian());
			int days = month.lengthOfMonth();
			int supply = (int) Math.round(a * days);
			if (supply > 0) {
				Instant handedOver = month.atDay(days - supply + 1).atTime(9, 0).toInstant(ZoneOffset.UTC).plusSeconds(random.nextInt(28_800));
				all.dispenses.add(new SyntheticActivity.Dispense("MedicationDispense/" + all.id("md", index, counter++), patientId, order,
						handedOver, supply));
			}
		}
	}

	private void glucose(Optional<Instant> exposedFrom, List<Instant> visits) {
		Instant from = all.start.minus(Duration.ofDays(90));
		Instant to = all.end.minus(Duration.ofDays(31));
		if (!from.isBefore(to)) {
			return;
		}
		List<Instant> notFollowed = new ArrayList<>();
		for (int k = 0; k < all.settings.months() + 2; k++) {
			Instant t = between(from, to);
			if (random.nextDouble() >= PlantedEffects.clamp(0.45 + 0.003 * (age - 50) + 0.05 * conditions.size())) {
				result(GLUCOSE, "Glucose [Mass/volume] in Serum or Plasma", t, 70 + 29 * random.nextDouble(), "mg/dL", 70, 99);
				continue;
			}
			boolean exposed = exposedFrom.filter(e -> e.isBefore(t)).isPresent();
			if (random.nextDouble() < effects.followUpProbability(age, conditions.size(), exposed)) {
				if (!visited(visits, t)) {
					Instant visit = t.plusSeconds(3_600 + random.nextInt((int) FOLLOW_UP.toSeconds() - 7_200));
					visits.add(visit);
					all.encounters.add(new SyntheticActivity.Encounter("Encounter/" + all.id("enc", index, counter++), patientId,
							SyntheticPortalActivity.millis(visit)));
				}
				outOfRange(t);
			} else {
				notFollowed.add(t);
			}
		}
		// placed after every follow-up visit exists: a moment of the same exposure with no visit in the 30 days after it
		for (Instant drawn : notFollowed) {
			boolean exposed = exposedFrom.filter(e -> e.isBefore(drawn)).isPresent();
			Instant lower = exposed ? exposedFrom.get() : from;
			Instant upper = exposed || exposedFrom.isEmpty() || exposedFrom.get().isAfter(to) ? to : exposedFrom.get();
			for (int attempt = 0; attempt < 200; attempt++) {
				Instant t = attempt == 0 ? drawn : between(lower, upper);
				if (!visited(visits, t)) {
					outOfRange(t);
					break;
				}
			}
		}
	}

	private void outOfRange(Instant t) {
		if (random.nextDouble() < 0.85) {
			result(GLUCOSE, "Glucose [Mass/volume] in Serum or Plasma", t, 100 + 150 * random.nextDouble(), "mg/dL", 70, 99);
		} else {
			result(GLUCOSE, "Glucose [Mass/volume] in Serum or Plasma", t, 45 + 24 * random.nextDouble(), "mg/dL", 70, 99);
		}
	}

	private void hba1c(Optional<Instant> exposedFrom) {
		// tested 10 to 80 days into each quarter counted from the launch, so no test falls in the week users enrol
		Instant first = all.launch().minus(Duration.ofDays(182)).plus(Duration.ofMinutes(10 * 24 * 60 + random.nextInt(70 * 24 * 60)));
		double level = 7.4 + 0.01 * (age - 50) + 0.1 * (conditions.size() - 1) + 0.5 * random.nextGaussian();
		double drift = 0.02 + 0.002 * (age - 50);
		for (Instant t = first; t.isBefore(all.end); t = t.plus(Duration.ofDays(91))) {
			Instant at = t;
			double months = Duration.between(first, t).toDays() / 30.44;
			double value = level + drift * months + (exposedFrom.filter(e -> e.isBefore(at)).isPresent() ? effects.hba1cChange() : 0)
					+ 0.15 * random.nextGaussian();
			result("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", t, Math.round(value * 10) / 10.0, "%", Double.NaN, Double.NaN);
		}
	}

	private void result(String loinc, String display, Instant t, double value, String unit, double low, double high) {
		double rounded = Math.round(value * 10) / 10.0;
		Optional<String> interpretation = Double.isNaN(low) ? Optional.empty()
				: rounded > high ? Optional.of("H") : rounded < low ? Optional.of("L") : Optional.empty();
		all.labValues.add(new SyntheticActivity.LabValue("Observation/" + all.id("lv", index, counter++), patientId, loinc, display,
				SyntheticPortalActivity.millis(t), rounded, unit, low, high, interpretation));
	}

	private static boolean visited(List<Instant> visits, Instant t) {
		Instant until = t.plus(FOLLOW_UP);
		return visits.stream().anyMatch(v -> v.isAfter(t) && !v.isAfter(until));
	}

	private Instant between(Instant from, Instant to) {
		return SyntheticPortalActivity.millis(from.plusMillis((long) (random.nextDouble() * Duration.between(from, to).toMillis())));
	}
}
