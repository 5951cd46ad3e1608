package org.fhirportal.extensions.analytics.synthetic;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.fhirportal.extensions.audit.AuditRecord;

/**
 * A generator of synthetic portal activity for tests and benchmarks: patients with cohort attributes, portal
 * accounts, lab results, messages (with care-team replies), appointments and refill requests, and the audit trail
 * of months of use (sign-ins, failed sign-ins, token events, reads and searches by patients, caregivers and
 * practitioners, denied requests). Deterministic: the same {@link Settings} give the same activity, byte for byte.
 * What it returns ({@link SyntheticActivity}) is the whole ground truth; it computes no figure itself.
 *
 * <p>Hand-written: engagement analytics need audit trails, which Synthea and other record generators do not make.
 */
public final class SyntheticPortalActivity {

	/**
	 * @param seed the random seed
	 * @param idPrefix prefix of every id, so several generated populations can share a server
	 * @param patients how many patients
	 * @param firstMonth the first month of activity
	 * @param months how many months of activity
	 * @param organizations how many managing organizations the patients are spread over
	 * @param practitioners how many general practitioners
	 * @param sessionsPerActiveMonth mean portal sessions of a patient in a month they use the portal (at least 1)
	 * @param effects the effects of portal use planted, with their confounding ({@link PlantedEffects#NONE} for none)
	 */
	public record Settings(long seed, String idPrefix, int patients, YearMonth firstMonth, int months, int organizations,
			int practitioners, double sessionsPerActiveMonth, PlantedEffects effects) {

		public Settings(long seed, String idPrefix, int patients, YearMonth firstMonth, int months, int organizations,
				int practitioners, double sessionsPerActiveMonth) {
			this(seed, idPrefix, patients, firstMonth, months, organizations, practitioners, sessionsPerActiveMonth, PlantedEffects.NONE);
		}

		public Settings {
			Objects.requireNonNull(idPrefix, "idPrefix");
			Objects.requireNonNull(firstMonth, "firstMonth");
			Objects.requireNonNull(effects, "effects");
			if (patients < 1 || months < 1 || organizations < 1 || practitioners < 1 || sessionsPerActiveMonth < 1) {
				throw new IllegalArgumentException("patients, months, organizations, practitioners and sessions per month must be positive");
			}
		}

		/** A small population for server tests: {@code patients} patients over 4 months from {@code firstMonth}. */
		public static Settings small(long seed, String idPrefix, int patients, YearMonth firstMonth) {
			return new Settings(seed, idPrefix, patients, firstMonth, 4, 3, 4, 3.0);
		}
	}

	private static final List<String> GENDERS = List.of("female", "male", "other", "unknown");

	private SyntheticPortalActivity() {}

	public static SyntheticActivity generate(Settings settings) {
		List<String> organizations = new ArrayList<>();
		for (int i = 0; i < settings.organizations(); i++) {
			organizations.add("Organization/" + settings.idPrefix() + "-org" + i);
		}
		List<String> practitioners = new ArrayList<>();
		for (int i = 0; i < settings.practitioners(); i++) {
			practitioners.add("Practitioner/" + settings.idPrefix() + "-gp" + i);
		}
		Builder all = new Builder(settings, organizations, practitioners);
		for (int i = 0; i < settings.patients(); i++) {
			new PatientLife(all, i, new SplittableRandom(settings.seed() * 1_000_003L + i)).live();
		}
		all.audit.sort(Comparator.comparing(AuditRecord::recorded));
		return new SyntheticActivity(all.patients, organizations, practitioners, all.caregivers, all.labs, all.messages,
				all.appointments, all.refills, all.audit,
				new SyntheticActivity.Clinical(all.conditions, all.dispenses, all.labValues, all.encounters));
	}

	/** What has been generated so far. */
	static final class Builder {
		final Settings settings;
		final List<String> organizations;
		final List<String> practitioners;
		final Instant start;
		final Instant end;
		final List<SyntheticActivity.Patient> patients = new ArrayList<>();
		final List<SyntheticActivity.Caregiver> caregivers = new ArrayList<>();
		final List<SyntheticActivity.Lab> labs = new ArrayList<>();
		final List<SyntheticActivity.Message> messages = new ArrayList<>();
		final List<SyntheticActivity.Appointment> appointments = new ArrayList<>();
		final List<SyntheticActivity.Refill> refills = new ArrayList<>();
		final List<AuditRecord> audit = new ArrayList<>();
		final List<SyntheticActivity.Condition> conditions = new ArrayList<>();
		final List<SyntheticActivity.Dispense> dispenses = new ArrayList<>();
		final List<SyntheticActivity.LabValue> labValues = new ArrayList<>();
		final List<SyntheticActivity.Encounter> encounters = new ArrayList<>();

		Builder(Settings settings, List<String> organizations, List<String> practitioners) {
			this.settings = settings;
			this.organizations = organizations;
			this.practitioners = practitioners;
			this.start = settings.firstMonth().atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			this.end = settings.firstMonth().plusMonths(settings.months()).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		}

		/** With clinical courses: the start of the month the portal goes live (the middle one by default), when users enrol. */
		Instant launch() {
			int month = settings.effects().launchMonth() == PlantedEffects.MIDDLE ? settings.months() / 2 : settings.effects().launchMonth();
			return settings.firstMonth().plusMonths(month).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		}

		String id(String kind, int patient, int n) {
			return settings.idPrefix() + "-" + kind + patient + (n < 0 ? "" : "-" + n);
		}
	}

	/** One patient's months: their labs, and if they have an account, their use of the portal. */
	private static final class PatientLife {

		private final Builder all;
		private final int index;
		private final SplittableRandom random;
		private final String id;
		private final Optional<Instant> enrolled;
		private final double propensity;
		private final double age;
		private final boolean user;
		private final Optional<String> caregiver;
		private final String username;
		private final String practitioner;
		private final List<SyntheticActivity.Lab> myLabs = new ArrayList<>();
		private final List<String> myMessages = new ArrayList<>();
		private final List<String> myAppointments = new ArrayList<>();
		private final List<Instant> keptAppointments = new ArrayList<>();
		private final SyntheticClinicalCourse course;
		private int counter;

		PatientLife(Builder all, int index, SplittableRandom random) {
			this.all = all;
			this.index = index;
			this.random = random;
			this.id = all.id("p", index, -1);
			this.username = all.settings.idPrefix() + ".patient" + index;
			this.practitioner = all.practitioners.get(random.nextInt(all.practitioners.size()));
			LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(90 * 365));
			double g = random.nextDouble();
			String gender = GENDERS.get(g < 0.48 ? 0 : g < 0.96 ? 1 : g < 0.98 ? 2 : 3);
			String organization = all.organizations.get(random.nextInt(all.organizations.size()));
			Optional<String> gp = random.nextDouble() < 0.95 ? Optional.of(practitioner) : Optional.empty();
			double e = random.nextDouble();
			long span = Duration.between(all.start, all.end).toMillis();
			Optional<Instant> enrolment = e < 0.55
					? Optional.of(millis(all.start.minus(Duration.ofDays(1 + random.nextInt(365)))))
					: e < 0.75 ? Optional.of(millis(all.start.plusMillis((long) (random.nextDouble() * span)))) : Optional.empty();
			double use = 0.15 + 0.8 * random.nextDouble();
			this.age = Duration.between(birth.atStartOfDay(ZoneOffset.UTC).toInstant(), all.start).toDays() / 365.25;
			this.course = new SyntheticClinicalCourse(all, index, id, age);
			if (all.settings.effects().planted()) {
				// confounded: older patients are less often users; users enrolled before the first month and sign in most months
				this.user = random.nextDouble() < PlantedEffects.userProbability(age, course.conditionCount());
				Instant earliest = all.start.minus(Duration.ofDays(183));
				enrolment = user ? Optional.of(millis(earliest.plusMillis((long) (random.nextDouble() * (Duration.between(earliest, all.start).toMillis() + span / 2)))))
						: enrolment;
				if (user && all.settings.effects().clinical()) {
					// the portal goes live in the middle month: users enrol in its first week, after a clean baseline
					enrolment = Optional.of(millis(all.launch().plusMillis((long) (random.nextDouble() * Duration.ofDays(7).toMillis()))));
				}
				use = user ? 0.8 + 0.15 * random.nextDouble() : 0.02 * random.nextDouble();
				if (all.settings.effects().clinical()) {
					// a clean contrast: users sign in every month from their enrolment, the others never
					use = user ? 1 : 0;
				}
			} else {
				this.user = false;
			}
			this.enrolled = enrolment;
			this.propensity = use;
			this.caregiver = enrolled.isPresent() && random.nextDouble() < 0.1
					? Optional.of("RelatedPerson/" + all.id("rp", index, -1))
					: Optional.empty();
			all.patients.add(new SyntheticActivity.Patient(id, birth, gender, organization, gp,
					enrolled.map(x -> username), enrolled));
			caregiver.ifPresent(rp -> all.caregivers.add(new SyntheticActivity.Caregiver(rp, id)));
		}

		void live() {
			issueLabs();
			YearMonth month = all.settings.firstMonth();
			for (int m = 0; m < all.settings.months(); m++, month = month.plusMonths(1)) {
				Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
				Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
				if (random.nextDouble() < (all.settings.effects().planted() ? 0.7 : 0.12)) {
					appointment(at(from, to), false);
				}
				if (random.nextDouble() < 0.05) {
					message(at(from, to), false, Optional.empty());
				}
				if (enrolled.isEmpty() || random.nextDouble() >= propensity) {
					continue;
				}
				Instant earliest = enrolled.get().isAfter(from) ? enrolled.get() : from;
				if (!earliest.isBefore(to)) {
					continue;
				}
				int sessions = 1 + poisson(all.settings.sessionsPerActiveMonth() - 1);
				for (int s = 0; s < sessions; s++) {
					session(at(earliest, to));
				}
			}
			course.live(user, enrolled, keptAppointments);
		}

		private void issueLabs() {
			Instant t = millis(all.start.minus(Duration.ofDays(30)).plus(Duration.ofHours(random.nextInt(24 * 60))));
			while (t.isBefore(all.end)) {
				int n = counter++;
				SyntheticActivity.Lab lab = new SyntheticActivity.Lab("DiagnosticReport/" + all.id("lab", index, n),
						"Observation/" + all.id("obs", index, n), id, t);
				all.labs.add(lab);
				myLabs.add(lab);
				if (random.nextDouble() < 0.5) {
					view(t.plus(Duration.ofMinutes(10 + random.nextInt(600))), "Practitioner", practitioner.substring(13), "read",
							List.of(lab.ref()));
				}
				if (enrolled.filter(e -> e.isBefore(lab.issued())).isPresent() && random.nextDouble() < propensity) {
					Instant seen = lab.issued().plusMillis((long) (3_600_000 * Math.exp(2.8 + 1.3 * random.nextGaussian())));
					signIn(seen.minusSeconds(40));
					view(seen, "Patient", id, "read", List.of(lab.ref(), lab.observationRef()));
				}
				if (caregiver.isPresent() && random.nextDouble() < 0.3) {
					Instant seen = lab.issued().plusMillis((long) (3_600_000 * Math.exp(3.2 + random.nextGaussian())));
					view(seen, "RelatedPerson", caregiver.get().substring(14), "read", List.of(lab.ref()));
				}
				t = millis(t.plus(Duration.ofHours(24L * (20 + random.nextInt(70)) + random.nextInt(24))));
			}
		}

		private void session(Instant t) {
			if (random.nextDouble() < 0.05) {
				all.audit.add(security(t.minusSeconds(30), "sign_in", 4, Optional.of("Patient"), Optional.of(id), "bad credentials"));
			}
			signIn(t);
			int views = 1 + random.nextInt(5);
			for (int v = 0; v < views; v++) {
				Instant when = t.plusSeconds(20L * (v + 1));
				double what = random.nextDouble();
				if (what < 0.03) {
					all.audit.add(record(when, "read", "read", 'R', 4, 403, "Patient", id, List.of()));
				} else if (what < 0.35) {
					view(when, "Patient", id, "search-type", recent(myLabs.stream().filter(l -> l.issued().isBefore(when))
							.flatMap(l -> java.util.stream.Stream.of(l.ref(), l.observationRef())).toList(), 6));
				} else if (what < 0.5) {
					view(when, "Patient", id, "read", List.of("MedicationRequest/" + all.id("mr", index, -1)));
				} else if (what < 0.62) {
					view(when, "Patient", id, "search-type", recent(myAppointments, 3));
				} else if (what < 0.78) {
					view(when, "Patient", id, "search-type", recent(myMessages, 5));
				} else if (what < 0.88) {
					view(when, "Patient", id, "read", List.of("DocumentReference/" + all.id("doc", index, -1)));
				} else {
					view(when, "Patient", id, "$everything", List.of("Patient/" + id, "Condition/" + all.id("cond", index, -1),
							"MedicationRequest/" + all.id("mr", index, -1)));
				}
			}
			if (caregiver.isPresent() && random.nextDouble() < 0.2) {
				all.audit.add(security(t.plusSeconds(5), "sign_in", 0, Optional.of("RelatedPerson"), Optional.of(caregiver.get().substring(14)), ""));
				view(t.plusSeconds(15), "RelatedPerson", caregiver.get().substring(14), "search-type", recent(myMessages, 2));
			}
			if (random.nextDouble() < 0.25) {
				message(t.plusSeconds(180), true, Optional.empty());
			}
			if (random.nextDouble() < 0.08) {
				appointment(t.plusSeconds(240), true);
			}
			if (random.nextDouble() < 0.08) {
				refill(t.plusSeconds(300));
			}
		}

		private void signIn(Instant t) {
			all.audit.add(security(t, "sign_in", 0, Optional.of("Patient"), Optional.of(id), "password"));
			all.audit.add(security(t.plusSeconds(1), "token_issued", 0, Optional.of("Patient"), Optional.of(id), "patient/*.rs"));
		}

		private void message(Instant sent, boolean fromPatient, Optional<String> answers) {
			String ref = "Communication/" + all.id("msg", index, counter++);
			all.messages.add(new SyntheticActivity.Message(ref, id, sent, fromPatient, answers));
			myMessages.add(ref);
			if (fromPatient) {
				all.audit.add(record(sent, "create", "create", 'C', 0, 201, "Patient", id, List.of(ref)));
				if (random.nextDouble() < 0.8) {
					Instant reply = sent.plusMillis((long) (3_600_000 * Math.exp(1.8 + 1.1 * random.nextGaussian())));
					message(reply, false, Optional.of(ref));
					if (random.nextDouble() < 0.2) {
						message(reply.plus(Duration.ofHours(1 + random.nextInt(48))), false, Optional.of(ref));
					}
				}
			}
		}

		private void appointment(Instant created, boolean byPatient) {
			String ref = "Appointment/" + all.id("appt", index, counter++);
			String status = "booked";
			Instant start = created.plus(SyntheticActivity.Appointment.LEAD_TIME);
			if (all.settings.effects().planted() && start.isBefore(all.end)) {
				boolean exposed = user && enrolled.filter(e -> e.isBefore(start)).isPresent();
				status = random.nextDouble() < all.settings.effects().noShowProbability(age, exposed) ? "noshow" : "fulfilled";
			}
			all.appointments.add(new SyntheticActivity.Appointment(ref, id, created, byPatient, status));
			if (!status.equals("noshow")) {
				keptAppointments.add(start);
			}
			myAppointments.add(ref);
			if (byPatient) {
				all.audit.add(record(created, "create", "$book", 'C', 0, 200, "Patient", id, List.of(ref)));
			}
		}

		private void refill(Instant authored) {
			String ref = "Task/" + all.id("refill", index, counter++);
			all.refills.add(new SyntheticActivity.Refill(ref, id, authored, "MedicationRequest/" + all.id("mr", index, -1)));
			all.audit.add(record(authored, "create", "$request-refill", 'C', 0, 200, "Patient", id, List.of(ref)));
		}

		private void view(Instant when, String userType, String userId, String subtype, List<String> returned) {
			String kind = subtype.equals("read") ? "read" : "query";
			all.audit.add(record(when, kind, subtype, kind.equals("read") ? 'R' : 'E', 0, 200, userType, userId, returned));
		}

		private AuditRecord record(Instant when, String kind, String subtype, char action, int outcome, int status,
				String userType, String userId, List<String> returned) {
			return new AuditRecord(millis(when), kind, subtype, action, outcome, Optional.of(status), Optional.of(id),
					Optional.of(userType), Optional.of(userId), Optional.of(userType.equals("Patient") ? username : userType.toLowerCase() + userId),
					Optional.of("portal-web"), Optional.of(Long.toHexString(random.nextLong())), Optional.of("203.0.113." + (index % 250)),
					kind.equals("query") ? Optional.of("/fhir/" + subtype) : Optional.empty(), returned, Optional.empty());
		}

		private AuditRecord security(Instant when, String subtype, int outcome, Optional<String> userType, Optional<String> userId,
				String detail) {
			boolean patient = userType.filter("Patient"::equals).isPresent();
			return new AuditRecord(millis(when), "security", subtype, 'E', outcome, Optional.empty(),
					patient ? Optional.of(id) : Optional.empty(), userType, userId,
					Optional.of(patient ? username : "caregiver." + userId.orElse("")), Optional.of("portal-web"),
					Optional.empty(), Optional.of("203.0.113." + (index % 250)), Optional.empty(), List.of(), Optional.of(detail));
		}

		private Instant at(Instant from, Instant to) {
			return millis(from.plusMillis((long) (random.nextDouble() * Duration.between(from, to).toMillis())));
		}

		private int poisson(double mean) {
			double limit = Math.exp(-mean);
			double product = random.nextDouble();
			int n = 0;
			while (product > limit) {
				product *= random.nextDouble();
				n++;
			}
			return n;
		}

		private static List<String> recent(List<String> refs, int max) {
			return List.copyOf(refs.subList(Math.max(0, refs.size() - max), refs.size()));
		}
	}

	static Instant millis(Instant instant) {
		return Instant.ofEpochMilli(instant.toEpochMilli());
	}
}
