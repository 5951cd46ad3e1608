package org.fhirportal.extensions.effect;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns {@link PatientMonths} and the outcome read from it ({@link MeasuredOutcome}) into the estimators' inputs.
 * <ul>
 *   <li>AIPW ({@link #crossSection}): one row per patient with an outcome in the period (see each outcome's measure).
 *       Exposed: at least {@code signInsPerMonth} sign-ins per month on average over the period. Covariates, all
 *       known before the period: age at its start (years; missing → the mean, with an indicator), gender (female,
 *       male), managing organization (one indicator per organization of at least {@link #MIN_ORGANIZATION} patients
 *       but the largest), the number of active conditions at the start of the period, the due appointments of the
 *       baseline months (visits), and the outcome's own baseline values; with the squares of age and of baseline
 *       appointments, so that the logistic propensity model can bend where adoption falls off with age and rises
 *       with visits.</li>
 *   <li>DiD ({@link #panel}): one row per patient with a monthly outcome, adoption in the first month with at least
 *       {@code signInsPerMonth} sign-ins; patients who signed in before the baseline adopted before the panel and
 *       are left out by the estimator.</li>
 * </ul>
 */
final class EffectDesign {

	static final int MIN_ORGANIZATION = 30;

	private EffectDesign() {
	}

	static EffectSample crossSection(PatientMonths data, MeasuredOutcome outcome, EffectRequest request) {
		int base = request.baselineMonths();
		int end = data.months;
		LocalDate start = request.firstMonth().atDay(1);
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < data.size(); i++) {
			if (!Double.isNaN(outcome.period()[i])) {
				rows.add(i);
			}
		}
		List<String> organizations = organizationIndicators(data, rows);
		List<String> names = new ArrayList<>(List.of("age", "age-unknown", "female", "male"));
		organizations.forEach(org -> names.add("organization " + org));
		names.add("active-conditions");
		names.add("baseline-appointments");
		names.addAll(outcome.baselineNames());
		names.add("age squared / 100");
		names.add("baseline-appointments squared");
		int own = outcome.baselineNames().size();
		double meanAge = rows.stream().map(data.birthDates::get).filter(Objects::nonNull)
				.mapToDouble(birth -> ChronoUnit.DAYS.between(birth, start) / 365.25).average().orElse(0);
		double[][] x = new double[rows.size()][];
		boolean[] treated = new boolean[rows.size()];
		double[] y = new double[rows.size()];
		for (int k = 0; k < rows.size(); k++) {
			int i = rows.get(k);
			double[] row = new double[names.size()];
			LocalDate birth = data.birthDates.get(i);
			row[0] = birth == null ? meanAge : ChronoUnit.DAYS.between(birth, start) / 365.25;
			row[1] = birth == null ? 1 : 0;
			row[2] = "female".equals(data.genders.get(i)) ? 1 : 0;
			row[3] = "male".equals(data.genders.get(i)) ? 1 : 0;
			for (int o = 0; o < organizations.size(); o++) {
				row[4 + o] = organizations.get(o).equals(data.organizations.get(i)) ? 1 : 0;
			}
			int c = 4 + organizations.size();
			row[c] = data.activeConditions.get(i)[0];
			row[c + 1] = PatientMonths.sum(data.due.get(i), 0, base);
			System.arraycopy(outcome.baseline()[i], 0, row, c + 2, own);
			row[c + 2 + own] = row[0] * row[0] / 100;
			row[c + 3 + own] = row[c + 1] * row[c + 1];
			x[k] = row;
			treated[k] = PatientMonths.sum(data.signIns.get(i), base, end) >= request.signInsPerMonth() * (end - base);
			y[k] = outcome.period()[i];
		}
		return new EffectSample(names, x, treated, y);
	}

	static AdoptionPanel panel(PatientMonths data, MeasuredOutcome outcome, EffectRequest request) {
		List<double[]> outcomes = new ArrayList<>();
		List<Integer> adoption = new ArrayList<>();
		for (int i = 0; i < data.size(); i++) {
			double[] y = outcome.monthly()[i];
			if (y == null) {
				continue;
			}
			int adopted = AdoptionPanel.NEVER;
			for (int m = 0; m < data.months; m++) {
				if (adopted == AdoptionPanel.NEVER && data.signIns.get(i)[m] >= request.signInsPerMonth()) {
					adopted = m;
				}
			}
			if (data.firstSignInMonth.get(i)[0] == PatientMonths.BEFORE) {
				adopted = 0;
			}
			outcomes.add(y);
			adoption.add(adopted);
		}
		return new AdoptionPanel(outcomes.toArray(double[][]::new), adoption.stream().mapToInt(Integer::intValue).toArray());
	}

	/** Organizations with at least {@link #MIN_ORGANIZATION} patients, largest first, without the largest (the reference). */
	private static List<String> organizationIndicators(PatientMonths data, List<Integer> rows) {
		Map<String, Long> sizes = rows.stream().map(data.organizations::get).filter(Objects::nonNull)
				.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
		List<String> large = sizes.entrySet().stream().filter(e -> e.getValue() >= MIN_ORGANIZATION)
				.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
				.map(Map.Entry::getKey).toList();
		return large.size() <= 1 ? List.of() : large.subList(1, large.size());
	}
}
