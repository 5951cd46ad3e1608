package org.fhirportal.extensions.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adds up the rows of the engagement queries per cohort and turns them into suppressed {@link Cell}s. Patient
 * identifiers pass through here only to count distinct patients; none reaches the report.
 */
final class EngagementTally {

	private final EngagementPeriod period;
	private final CohortDimension dimension;
	private final Map<String, Counts> cohorts = new TreeMap<>(Comparator
			.comparing((String name) -> name.equals(CohortDimension.UNKNOWN))
			.thenComparing(Comparator.naturalOrder()));

	EngagementTally(EngagementPeriod period, CohortDimension dimension) {
		this.period = period;
		this.dimension = dimension;
		if (dimension == CohortDimension.ALL) {
			counts("all");
		}
	}

	/** What is known of one cohort. */
	private final class Counts {
		long patients;
		long enrolled;
		long active;
		final long[] monthSignIns = new long[period.months().size()];
		final long[] monthActive = new long[period.months().size()];
		final long[] views = new long[ViewedData.values().length];
		final long[] viewers = new long[ViewedData.values().length];
		long labsIssued;
		final Set<String> labPatients = new HashSet<>();
		final Set<String> labViewers = new HashSet<>();
		final List<Double> labSeconds = new ArrayList<>();
		final Set<String> messageSenders = new HashSet<>();
		long messagesSent;
		final Set<String> repliedPatients = new HashSet<>();
		final List<Double> replySeconds = new ArrayList<>();
		long selfScheduled;
		long selfSchedulers;
		long refills;
		long refillers;
	}

	private Counts counts(String cohort) {
		return cohorts.computeIfAbsent(cohort, name -> new Counts());
	}

	void patients(String cohort, long count) {
		counts(cohort).patients = count;
	}

	void enrolled(String cohort, long count) {
		counts(cohort).enrolled = count;
	}

	void active(String cohort, long count) {
		counts(cohort).active = count;
	}

	void monthlySignIns(String cohort, int month, long signIns, long activePatients) {
		Counts c = counts(cohort);
		c.monthSignIns[month] = signIns;
		c.monthActive[month] = activePatients;
	}

	void views(String cohort, String kind, long views, long patients) {
		ViewedData.fromCode(kind).ifPresent(k -> {
			Counts c = counts(cohort);
			c.views[k.ordinal()] = views;
			c.viewers[k.ordinal()] = patients;
		});
	}

	void lab(String cohort, String patientId, Instant issued, Instant firstViewed) {
		Counts c = counts(cohort);
		c.labsIssued++;
		c.labPatients.add(patientId);
		if (firstViewed != null) {
			c.labViewers.add(patientId);
			c.labSeconds.add(seconds(issued, firstViewed));
		}
	}

	void message(String cohort, String patientId, Instant sent, Instant firstReply) {
		Counts c = counts(cohort);
		c.messagesSent++;
		c.messageSenders.add(patientId);
		if (firstReply != null) {
			c.repliedPatients.add(patientId);
			c.replySeconds.add(seconds(sent, firstReply));
		}
	}

	void requests(String cohort, String kind, long count, long patients) {
		Counts c = counts(cohort);
		if (kind.equals("appointment")) {
			c.selfScheduled = count;
			c.selfSchedulers = patients;
		} else {
			c.refills = count;
			c.refillers = patients;
		}
	}

	EngagementReport report() {
		List<EngagementReport.Cohort> result = new ArrayList<>();
		cohorts.forEach((name, c) -> result.add(new EngagementReport.Cohort(name, cells(c), months(c))));
		return new EngagementReport(period, dimension, result);
	}

	private List<Cell> cells(Counts c) {
		long activeMonths = 0;
		long signIns = 0;
		for (int i = 0; i < c.monthActive.length; i++) {
			activeMonths += c.monthActive[i];
			signIns += c.monthSignIns[i];
		}
		List<Cell> cells = new ArrayList<>();
		cells.add(Cell.count(Measure.PATIENTS, c.patients, c.patients));
		cells.add(Cell.count(Measure.ENROLLED_PATIENTS, c.enrolled, c.enrolled));
		cells.add(Cell.count(Measure.ACTIVE_PATIENTS, c.active, c.active));
		cells.add(Cell.ratio(Measure.ADOPTION, c.active, c.patients, Math.min(c.active, c.patients)));
		cells.add(Cell.count(Measure.SIGN_INS, signIns, c.active));
		cells.add(Cell.ratio(Measure.SIGN_INS_PER_ACTIVE_PATIENT_MONTH, signIns, activeMonths, c.active));
		for (ViewedData kind : ViewedData.values()) {
			cells.add(Cell.count(kind.measure(), c.views[kind.ordinal()], c.viewers[kind.ordinal()]));
		}
		Percentiles lab = Percentiles.of(c.labSeconds.stream().mapToDouble(Double::doubleValue).toArray());
		cells.add(Cell.count(Measure.LAB_RESULTS_ISSUED, c.labsIssued, c.labPatients.size()));
		cells.add(Cell.count(Measure.LAB_RESULTS_VIEWED, lab.size(), c.labViewers.size()));
		cells.add(Cell.hours(Measure.LAB_TIME_TO_VIEW_MEDIAN, lab.median(), c.labViewers.size()));
		cells.add(Cell.hours(Measure.LAB_TIME_TO_VIEW_P90, lab.at(0.9), c.labViewers.size()));
		Percentiles reply = Percentiles.of(c.replySeconds.stream().mapToDouble(Double::doubleValue).toArray());
		cells.add(Cell.count(Measure.MESSAGES_SENT, c.messagesSent, c.messageSenders.size()));
		cells.add(Cell.count(Measure.MESSAGES_REPLIED, reply.size(), c.repliedPatients.size()));
		cells.add(Cell.hours(Measure.REPLY_TIME_MEDIAN, reply.median(), c.repliedPatients.size()));
		cells.add(Cell.count(Measure.APPOINTMENTS_SELF_SCHEDULED, c.selfScheduled, c.selfSchedulers));
		cells.add(Cell.count(Measure.REFILL_REQUESTS, c.refills, c.refillers));
		return cells;
	}

	private List<EngagementReport.Month> months(Counts c) {
		List<EngagementReport.Month> months = new ArrayList<>();
		for (int i = 0; i < c.monthActive.length; i++) {
			months.add(new EngagementReport.Month(period.months().get(i), List.of(
					Cell.count(Measure.ACTIVE_PATIENTS, c.monthActive[i], c.monthActive[i]),
					Cell.count(Measure.SIGN_INS, c.monthSignIns[i], c.monthActive[i]),
					Cell.ratio(Measure.SIGN_INS_PER_ACTIVE_PATIENT_MONTH, c.monthSignIns[i], c.monthActive[i], c.monthActive[i]))));
		}
		return months;
	}

	/** Seconds from {@code from} to {@code to}; a negative span (viewed before issued) counts as 0. */
	private static double seconds(Instant from, Instant to) {
		return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
	}
}
