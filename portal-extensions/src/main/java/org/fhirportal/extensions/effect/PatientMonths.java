package org.fhirportal.extensions.effect;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the effect analysis knows of each patient, month by month over baseline and period: sign-ins, due
 * appointments and no-shows, the cohort attributes, the number of active conditions at the start of the period,
 * and the clinical facts the chosen outcome needs ({@link Fact}). Stays inside the server: only aggregates of it
 * are returned.
 */
final class PatientMonths {

	/** {@link #firstSignInMonth} of a patient who signed in before the first month. */
	static final int BEFORE = -2;
	/** {@link #firstSignInMonth} of a patient who never signed in up to the end. */
	static final int NONE = -1;

	final int months;
	final List<LocalDate> birthDates = new ArrayList<>();
	final List<String> genders = new ArrayList<>();
	final List<String> organizations = new ArrayList<>();
	final List<int[]> signIns = new ArrayList<>();
	final List<int[]> due = new ArrayList<>();
	final List<int[]> noShows = new ArrayList<>();
	final List<int[]> firstSignInMonth = new ArrayList<>();
	final List<int[]> activeConditions = new ArrayList<>();
	final List<Fact> facts = new ArrayList<>();
	private final Map<String, Integer> index = new HashMap<>();

	PatientMonths(int months) {
		this.months = months;
	}

	void addPatient(String id, LocalDate birthDate, String gender, String organization) {
		index.put(id, birthDates.size());
		birthDates.add(birthDate);
		genders.add(gender);
		organizations.add(organization);
		signIns.add(new int[months]);
		due.add(new int[months]);
		noShows.add(new int[months]);
		firstSignInMonth.add(new int[] {NONE});
		activeConditions.add(new int[1]);
	}

	/**
	 * A clinical fact of the patient in row {@code row}: a {@code portal_effect_fact} row ({@link EffectFacts}), or
	 * a kept or pending appointment (kind {@link #APPOINTMENT}); {@code amount} is NaN when absent.
	 */
	record Fact(int row, String kind, java.time.Instant at, String code, double amount, boolean flag) {}

	/** The kind of {@link Fact} of an appointment the patient kept or is booked for. */
	static final String APPOINTMENT = "appointment";

	void addFact(String patientId, String kind, java.time.Instant at, String code, double amount, boolean flag) {
		int row = row(patientId);
		if (row >= 0) {
			facts.add(new Fact(row, kind, at, code, amount, flag));
		}
	}

	/** The row of a patient, or -1 for one outside the analysis (another cohort, no Patient resource). */
	int row(String id) {
		Integer row = index.get(id);
		return row == null ? -1 : row;
	}

	int size() {
		return birthDates.size();
	}

	static int sum(int[] values, int from, int to) {
		int total = 0;
		for (int m = from; m < to; m++) {
			total += values[m];
		}
		return total;
	}
}
