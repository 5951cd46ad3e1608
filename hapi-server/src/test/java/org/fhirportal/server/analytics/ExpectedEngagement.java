package org.fhirportal.server.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.fhirportal.extensions.analytics.synthetic.SyntheticActivity;
import org.fhirportal.extensions.audit.AuditRecord;

/**
 * The engagement figures a test expects, computed from the generator's raw events with plain loops, independently
 * of the server's SQL: {@code cohort -> (figure -> value)}, where a figure is a measure code, or
 * {@code month:yyyy-MM:measure} for monthly ones, and an empty value is a suppressed cell (fewer than 11
 * patients behind it).
 */
final class ExpectedEngagement {

	private static final int MIN_PATIENTS = 11;
	private static final Map<String, String> VIEW_KIND = Map.ofEntries(
			Map.entry("Observation", "views-results"), Map.entry("DiagnosticReport", "views-results"),
			Map.entry("MedicationRequest", "views-medications"), Map.entry("MedicationStatement", "views-medications"),
			Map.entry("MedicationDispense", "views-medications"), Map.entry("MedicationAdministration", "views-medications"),
			Map.entry("Appointment", "views-appointments"), Map.entry("Communication", "views-messages"),
			Map.entry("DocumentReference", "views-documents"));

	private final SyntheticActivity activity;
	private final LocalDate start;
	private final LocalDate end;
	private final Instant from;
	private final Instant until;
	private final String dimension;
	private final Map<String, String> cohortOf = new HashMap<>();
	private final Map<String, Map<String, Optional<BigDecimal>>> figures = new TreeMap<>();

	private ExpectedEngagement(SyntheticActivity activity, LocalDate start, LocalDate end, String dimension) {
		this.activity = activity;
		this.start = start;
		this.end = end;
		this.from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
		this.until = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		this.dimension = dimension;
	}

	static Map<String, Map<String, Optional<BigDecimal>>> of(SyntheticActivity activity, LocalDate start, LocalDate end, String dimension) {
		ExpectedEngagement expected = new ExpectedEngagement(activity, start, end, dimension);
		expected.compute();
		return expected.figures;
	}

	private String cohort(SyntheticActivity.Patient p) {
		return switch (dimension) {
			case "all" -> "all";
			case "gender" -> p.gender();
			case "organization" -> p.organization();
			case "practitioner" -> p.practitioner().orElse("unknown");
			case "age-band" -> {
				int age = Period.between(p.birthDate(), end).getYears();
				yield age < 18 ? "0-17" : age < 40 ? "18-39" : age < 65 ? "40-64" : "65+";
			}
			default -> throw new IllegalArgumentException(dimension);
		};
	}

	private void compute() {
		activity.patients().forEach(p -> cohortOf.put(p.id(), cohort(p)));
		Set<String> cohorts = new HashSet<>(cohortOf.values());
		for (String cohort : cohorts) {
			Predicate<String> in = id -> cohort.equals(cohortOf.get(id));
			Map<String, Optional<BigDecimal>> f = new HashMap<>();
			List<SyntheticActivity.Patient> patients = activity.patients().stream().filter(p -> in.test(p.id())).toList();
			long enrolled = patients.stream().filter(p -> p.enrolled().filter(t -> t.isBefore(until)).isPresent()).count();
			put(f, "patients", patients.size(), patients.size(), 0);
			put(f, "enrolled-patients", enrolled, enrolled, 0);

			List<AuditRecord> signIns = activity.audit().stream()
					.filter(r -> r.kind().equals("security") && r.subtype().equals("sign_in") && r.outcome() == 0
							&& r.userType().equals(Optional.of("Patient")) && r.patientId().filter(in).isPresent() && inPeriod(r.recorded()))
					.toList();
			Set<String> active = new HashSet<>();
			signIns.forEach(r -> active.add(r.patientId().get()));
			put(f, "active-patients", active.size(), active.size(), 0);
			put(f, "adoption", patients.isEmpty() ? null : ratio(active.size(), patients.size()), Math.min(active.size(), patients.size()), 3);
			put(f, "sign-ins", signIns.size(), active.size(), 0);
			long patientMonths = 0;
			for (YearMonth month = YearMonth.from(start); !month.isAfter(YearMonth.from(end)); month = month.plusMonths(1)) {
				YearMonth m = month;
				List<AuditRecord> inMonth = signIns.stream().filter(r -> YearMonth.from(r.recorded().atOffset(ZoneOffset.UTC)).equals(m)).toList();
				Set<String> monthActive = new HashSet<>();
				inMonth.forEach(r -> monthActive.add(r.patientId().get()));
				patientMonths += monthActive.size();
				put(f, "month:" + m + ":active-patients", monthActive.size(), monthActive.size(), 0);
				put(f, "month:" + m + ":sign-ins", inMonth.size(), monthActive.size(), 0);
				put(f, "month:" + m + ":sign-ins-per-active-patient-month",
						monthActive.isEmpty() ? null : ratio(inMonth.size(), monthActive.size()), monthActive.size(), 3);
			}
			put(f, "sign-ins-per-active-patient-month", patientMonths == 0 ? null : ratio(signIns.size(), patientMonths), active.size(), 3);

			Map<String, Long> views = new HashMap<>();
			Map<String, Set<String>> viewers = new HashMap<>();
			for (AuditRecord r : activity.audit()) {
				LocalDate day = LocalDate.ofInstant(r.recorded(), ZoneOffset.UTC);
				if (isView(r) && r.patientId().filter(in).isPresent() && !day.isBefore(start) && !day.isAfter(end)) {
					r.returned().stream().map(ref -> VIEW_KIND.get(ref.substring(0, ref.indexOf('/')))).filter(k -> k != null).distinct()
							.forEach(kind -> {
								views.merge(kind, 1L, Long::sum);
								viewers.computeIfAbsent(kind, k -> new HashSet<>()).add(r.patientId().get());
							});
				}
			}
			for (String kind : List.of("views-results", "views-medications", "views-appointments", "views-messages", "views-documents")) {
				put(f, kind, views.getOrDefault(kind, 0L), viewers.getOrDefault(kind, Set.of()).size(), 0);
			}

			List<SyntheticActivity.Lab> labs = activity.labs().stream().filter(l -> in.test(l.patientId()) && inPeriod(l.issued())).toList();
			Set<String> labPatients = new HashSet<>();
			Set<String> labViewers = new HashSet<>();
			List<Double> labSeconds = new ArrayList<>();
			for (SyntheticActivity.Lab lab : labs) {
				labPatients.add(lab.patientId());
				Optional<Instant> first = activity.audit().stream().filter(r -> isView(r) && r.returned().contains(lab.ref()))
						.map(AuditRecord::recorded).min(Instant::compareTo);
				first.ifPresent(t -> {
					labViewers.add(lab.patientId());
					labSeconds.add(Math.max(0, Duration.between(lab.issued(), t).toMillis() / 1000.0));
				});
			}
			put(f, "lab-results-issued", labs.size(), labPatients.size(), 0);
			put(f, "lab-results-viewed", labSeconds.size(), labViewers.size(), 0);
			put(f, "lab-time-to-view-median", hours(percentile(labSeconds, 0.5)), labViewers.size(), 2);
			put(f, "lab-time-to-view-p90", hours(percentile(labSeconds, 0.9)), labViewers.size(), 2);

			List<SyntheticActivity.Message> sent = activity.messages().stream()
					.filter(m -> m.fromPatient() && in.test(m.patientId()) && inPeriod(m.sent())).toList();
			Set<String> senders = new HashSet<>();
			Set<String> answered = new HashSet<>();
			List<Double> replySeconds = new ArrayList<>();
			for (SyntheticActivity.Message message : sent) {
				senders.add(message.patientId());
				activity.messages().stream().filter(m -> !m.fromPatient() && m.inResponseTo().equals(Optional.of(message.ref())))
						.map(SyntheticActivity.Message::sent).min(Instant::compareTo).ifPresent(t -> {
							answered.add(message.patientId());
							replySeconds.add(Math.max(0, Duration.between(message.sent(), t).toMillis() / 1000.0));
						});
			}
			put(f, "messages-sent", sent.size(), senders.size(), 0);
			put(f, "messages-replied", replySeconds.size(), answered.size(), 0);
			put(f, "reply-time-median", hours(percentile(replySeconds, 0.5)), answered.size(), 2);

			List<SyntheticActivity.Appointment> booked = activity.appointments().stream()
					.filter(a -> a.selfScheduled() && in.test(a.patientId()) && inPeriod(a.created())).toList();
			put(f, "appointments-self-scheduled", booked.size(), booked.stream().map(SyntheticActivity.Appointment::patientId).distinct().count(), 0);
			List<SyntheticActivity.Refill> refills = activity.refills().stream().filter(r -> in.test(r.patientId()) && inPeriod(r.authored())).toList();
			put(f, "refill-requests", refills.size(), refills.stream().map(SyntheticActivity.Refill::patientId).distinct().count(), 0);
			figures.put(cohort, f);
		}
	}

	private boolean inPeriod(Instant t) {
		return !t.isBefore(from) && t.isBefore(until);
	}

	private static boolean isView(AuditRecord r) {
		return (r.kind().equals("read") || r.kind().equals("query")) && r.outcome() == 0 && r.patientId().isPresent()
				&& r.userType().filter(t -> t.equals("Patient") || t.equals("RelatedPerson")).isPresent();
	}

	private static BigDecimal ratio(long numerator, long denominator) {
		return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 10, RoundingMode.HALF_UP);
	}

	private static BigDecimal hours(Double seconds) {
		return seconds == null ? null : BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 10, RoundingMode.HALF_UP);
	}

	/** sorted x, h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). */
	private static Double percentile(List<Double> values, double p) {
		if (values.isEmpty()) {
			return null;
		}
		double[] x = values.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(x);
		double h = (x.length - 1) * p;
		int i = (int) h;
		return i + 1 < x.length ? x[i] + (h - i) * (x[i + 1] - x[i]) : x[i];
	}

	private static void put(Map<String, Optional<BigDecimal>> f, String figure, Object value, long patients, int scale) {
		BigDecimal number = value instanceof BigDecimal b ? b : value == null ? null : BigDecimal.valueOf(((Number) value).longValue());
		f.put(figure, patients < MIN_PATIENTS || number == null ? Optional.empty() : Optional.of(number.setScale(scale, RoundingMode.HALF_UP)));
	}
}
