package org.fhirportal.server.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

/**
 * Scheduling resources: one Schedule per practitioner (actors: the practitioner and their location) with
 * FREE morning Slots over the 14 days following the anchor date (shared bundle), each with its visit type
 * (appointmentType) and service (serviceType: the clinician's specialty), and per-patient Appointments
 * (fulfilled ones matching past ambulatory encounters, booked ones in the afternoons after the anchor so they
 * never overlap a free slot).
 */
final class SchedulingFactory {

	/** Number of days after the anchor date covered by free slots. */
	static final int SLOT_HORIZON_DAYS = 14;
	static final int SLOT_MINUTES = 30;
	static final int FIRST_SLOT_HOUR = 9;
	static final int SLOTS_PER_DAY = 6;

	private static final String SERVICE_CATEGORY = "http://terminology.hl7.org/CodeSystem/service-category";
	private static final String APPOINTMENT_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0276";
	private static final DateTimeFormatter SLOT_KEY = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");

	private final String tag;

	SchedulingFactory(String tag) {
		this.tag = tag;
	}

	void addScheduleWithSlots(TransactionBuilder tx, DemoDirectory.Clinician clinician, Reference practitioner,
			Reference location, LocalDate anchor) {
		Schedule schedule = new Schedule();
		schedule.setActive(true);
		schedule.addServiceCategory(serviceCategory());
		schedule.addSpecialty(new CodeableConcept(new Coding(SharedResourcesFactory.SNOMED,
				clinician.specialty().code, clinician.specialty().display)));
		schedule.addActor(practitioner.copy());
		schedule.addActor(location.copy());
		schedule.setPlanningHorizon(DemoTime.period(DemoTime.at(anchor.plusDays(1), 0, 0),
				DemoTime.at(anchor.plusDays(SLOT_HORIZON_DAYS), 23, 59)));
		schedule.setComment("Outpatient appointments with " + clinician.display());
		Reference scheduleRef = tx.put(schedule, tag + "-schedule-" + clinician.npi());
		for (int day = 1; day <= SLOT_HORIZON_DAYS; day++) {
			LocalDate date = anchor.plusDays(day);
			if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
				continue;
			}
			for (int i = 0; i < SLOTS_PER_DAY; i++) {
				OffsetDateTime start = DemoTime.at(date, FIRST_SLOT_HOUR, 0).plusMinutes((long) i * SLOT_MINUTES);
				Slot slot = new Slot();
				slot.addServiceCategory(serviceCategory());
				slot.addServiceType(new CodeableConcept(new Coding(SharedResourcesFactory.SNOMED,
						clinician.specialty().code, clinician.specialty().display)).setText(clinician.specialty().display));
				slot.setAppointmentType(appointmentType(i == 0 ? "FOLLOWUP" : "ROUTINE"));
				slot.setSchedule(scheduleRef.copy());
				slot.setStatus(Slot.SlotStatus.FREE);
				slot.setStartElement(DemoTime.instant(start));
				slot.setEndElement(DemoTime.instant(start.plusMinutes(SLOT_MINUTES)));
				tx.put(slot, tag + "-slot-" + clinician.npi() + "-" + SLOT_KEY.format(start));
			}
		}
	}

	/** A past, fulfilled appointment that led to the given ambulatory visit. */
	static Reference addFulfilled(TransactionBuilder tx, DemoPatient patient, DemoPatient.Visit visit) {
		Appointment appt = base(patient, visit.clinician, visit.start, visit.end,
				Appointment.AppointmentStatus.FULFILLED, "ROUTINE", "Office visit with " + visit.clinician.display());
		appt.setCreatedElement(DemoTime.dateTime(visit.start.minusDays(21)));
		return tx.put(appt, patient.id("appt", visit.key()));
	}

	/**
	 * Future booked appointments on weekday afternoons after the anchor. The start time is a pure
	 * function of patient index and appointment number (4 patients per weekday, follow-ups on even
	 * and check-ups on odd half-hours, check-ups 15 weekdays later), so no two booked appointments
	 * ever overlap and none overlaps a free morning slot.
	 */
	static void addBooked(TransactionBuilder tx, DemoPatient patient, int count) {
		for (int n = 0; n < count; n++) {
			int weekdays = patient.index / 4 + n * 15;
			LocalDate day = DemoTime.plusWeekdays(patient.anchor, weekdays + 1);
			OffsetDateTime start = DemoTime.at(day, 13, 0)
					.plusMinutes((long) ((patient.index % 4) * 2 + n) * SLOT_MINUTES);
			DemoDirectory.Clinician clinician = n == 0 ? patient.gp : specialistOrGp(patient);
			String reason = n == 0 ? "Follow-up visit" : "Check-up";
			Appointment appt = base(patient, clinician, start, start.plusMinutes(SLOT_MINUTES),
					Appointment.AppointmentStatus.BOOKED, n == 0 ? "FOLLOWUP" : "ROUTINE",
					reason + " with " + clinician.display());
			appt.setCreatedElement(DemoTime.dateTime(DemoTime.at(patient.anchor.minusDays(3L + n), 10, 0)));
			appt.setComment("Please arrive 15 minutes early and bring your medication list.");
			tx.put(appt, patient.id("appt", "f" + (n + 1)));
		}
	}

	private static DemoDirectory.Clinician specialistOrGp(DemoPatient patient) {
		if (patient.has(DemoPatient.Condition.DIABETES)) {
			return patient.directory.withSpecialty(DemoDirectory.Specialty.ENDOCRINOLOGY).get(0);
		}
		if (patient.has(DemoPatient.Condition.HYPERTENSION)) {
			return patient.directory.withSpecialty(DemoDirectory.Specialty.CARDIOLOGY).get(0);
		}
		return patient.gp;
	}

	private static Appointment base(DemoPatient patient, DemoDirectory.Clinician clinician, OffsetDateTime start,
			OffsetDateTime end, Appointment.AppointmentStatus status, String type, String description) {
		Appointment appt = new Appointment();
		appt.setStatus(status);
		appt.addServiceCategory(serviceCategory());
		appt.setAppointmentType(appointmentType(type));
		appt.setDescription(description);
		appt.setStartElement(DemoTime.instant(start));
		appt.setEndElement(DemoTime.instant(end));
		appt.setMinutesDuration((int) java.time.Duration.between(start, end).toMinutes());
		appt.addParticipant().setActor(patient.ref()).setRequired(Appointment.ParticipantRequired.REQUIRED)
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		appt.addParticipant().setActor(clinician.reference()).setRequired(Appointment.ParticipantRequired.REQUIRED)
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		appt.addParticipant().setActor(clinician.facility().locationReference())
				.setRequired(Appointment.ParticipantRequired.INFORMATIONONLY)
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		return appt;
	}

	private static CodeableConcept serviceCategory() {
		return new CodeableConcept(new Coding(SERVICE_CATEGORY, "17", "General Practice"));
	}

	private static CodeableConcept appointmentType(String code) {
		String display = "FOLLOWUP".equals(code) ? "A follow up visit from a previous appointment"
				: "Routine appointment - default if not valued";
		// the text is what the EHR shows patients; the code's display is the terminology's own
		return new CodeableConcept(new Coding(APPOINTMENT_TYPE, code, display)).setText("FOLLOWUP".equals(code) ? "Follow-up visit" : "Routine visit");
	}
}
