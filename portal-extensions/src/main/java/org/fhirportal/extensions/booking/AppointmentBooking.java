package org.fhirportal.extensions.booking;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.fhirportal.extensions.workflow.OperationErrors;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

/**
 * Books, cancels and moves appointments, each in one database transaction through HAPI's DAOs: the Slot and the
 * Appointment change together or not at all. A slot is taken through {@link SlotClaims}, so concurrent bookings of
 * one slot yield one appointment. Callers are checked before (by {@link SchedulingOperations}); this class checks
 * the state of the slot and the appointment.
 */
final class AppointmentBooking {

	static final String PROFILE = PortalIg.APPOINTMENT_PROFILE;
	private static final String CANCELLATION_REASONS = "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason";

	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;
	private final SlotClaims claims;
	private final Clock clock;

	AppointmentBooking(DaoRegistry daos, IHapiTransactionService transactions, SlotClaims claims, Clock clock) {
		this.daos = Objects.requireNonNull(daos, "daos");
		this.transactions = Objects.requireNonNull(transactions, "transactions");
		this.claims = Objects.requireNonNull(claims, "claims");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	Appointment book(IdType slotId, String patientId, CodeableConcept reason, String comment) {
		return transactions.withSystemRequest().execute(() -> {
			Slot slot = takeSlot(slotId, "slot");
			Appointment appointment = new Appointment();
			appointment.getMeta().addProfile(PROFILE);
			appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
			appointment.setCreated(Date.from(clock.instant()));
			appointment.addParticipant().setActor(new Reference("Patient/" + patientId))
					.setRequired(Appointment.ParticipantRequired.REQUIRED)
					.setStatus(Appointment.ParticipationStatus.ACCEPTED);
			for (Reference actor : schedule(slot).getActor()) {
				appointment.addParticipant().setActor(new Reference(actor.getReference()))
						.setRequired(Appointment.ParticipantRequired.REQUIRED)
						.setStatus(Appointment.ParticipationStatus.ACCEPTED);
			}
			appointment.setServiceCategory(slot.getServiceCategory());
			appointment.setServiceType(slot.getServiceType());
			appointment.setSpecialty(slot.getSpecialty());
			if (slot.hasAppointmentType()) {
				appointment.setAppointmentType(slot.getAppointmentType());
			}
			if (reason != null) {
				appointment.addReasonCode(reason);
			}
			if (comment != null) {
				appointment.setComment(comment);
			}
			placeIn(appointment, slot);
			Appointment created = (Appointment) dao(Appointment.class).create(appointment, system()).getResource();
			claims.recordAppointment(slot, created.getIdElement().getIdPart());
			return created;
		});
	}

	Appointment cancel(Appointment appointment, CodeableConcept reason, String comment) {
		return transactions.withSystemRequest().execute(() -> {
			appointment.setStatus(Appointment.AppointmentStatus.CANCELLED);
			appointment.setCancelationReason(reason != null ? reason
					: new CodeableConcept(new Coding(CANCELLATION_REASONS, "pat", "Patient")));
			appointment.getParticipant().stream()
					.filter(p -> p.getActor().getReferenceElement().getResourceType() != null
							&& p.getActor().getReferenceElement().getResourceType().equals("Patient"))
					.forEach(p -> p.setStatus(Appointment.ParticipationStatus.DECLINED));
			addComment(appointment, comment);
			appointment.getSlot().forEach(this::freeSlot);
			return update(appointment);
		});
	}

	Appointment reschedule(Appointment appointment, IdType slotId, String comment) {
		return transactions.withSystemRequest().execute(() -> {
			Slot slot = takeSlot(slotId, "slot");
			appointment.getSlot().forEach(this::freeSlot);
			appointment.getSlot().clear();
			placeIn(appointment, slot);
			addComment(appointment, comment);
			Appointment moved = update(appointment);
			claims.recordAppointment(slot, moved.getIdElement().getIdPart());
			return moved;
		});
	}

	/** Reads the slot, checks it is free and in the future, claims the version read and marks it busy. */
	private Slot takeSlot(IdType slotId, String parameter) {
		Slot slot = read(Slot.class, slotId, parameter);
		if (slot.getStatus() != Slot.SlotStatus.FREE) {
			throw OperationErrors.conflict(parameter, "Slot/" + slotId.getIdPart() + " is not free (" + slot.getStatus().toCode() + ")");
		}
		if (!slot.hasStart() || !slot.getStart().toInstant().isAfter(clock.instant())) {
			throw OperationErrors.unprocessable(parameter, "Slot/" + slotId.getIdPart() + " has already started");
		}
		claims.claim(slot, parameter);
		Slot busy = slot.copy();
		busy.setStatus(Slot.SlotStatus.BUSY);
		dao(Slot.class).update(busy, system());
		return slot;
	}

	private void freeSlot(Reference slotReference) {
		try {
			Slot slot = (Slot) dao(Slot.class).read(slotReference.getReferenceElement().toUnqualifiedVersionless(), system());
			if (slot.getStatus() == Slot.SlotStatus.BUSY) {
				slot.setStatus(Slot.SlotStatus.FREE);
				dao(Slot.class).update(slot, system());
			}
		} catch (ResourceNotFoundException | ResourceGoneException gone) {
			// A slot the practice deleted is not offered again.
		}
	}

	private static void placeIn(Appointment appointment, Slot slot) {
		appointment.addSlot(new Reference("Slot/" + slot.getIdElement().getIdPart()));
		appointment.setStart(slot.getStart());
		appointment.setEnd(slot.getEnd());
		appointment.setMinutesDuration((int) ((slot.getEnd().getTime() - slot.getStart().getTime()) / 60_000));
	}

	private static void addComment(Appointment appointment, String comment) {
		if (comment != null) {
			appointment.setComment(appointment.hasComment() ? appointment.getComment() + "\n" + comment : comment);
		}
	}

	private Schedule schedule(Slot slot) {
		return (Schedule) dao(Schedule.class).read(slot.getSchedule().getReferenceElement().toUnqualifiedVersionless(), system());
	}

	<T extends IBaseResource> T read(Class<T> type, IdType id, String parameter) {
		try {
			return type.cast(dao(type).read(id.toUnqualifiedVersionless(), system()));
		} catch (ResourceNotFoundException | ResourceGoneException missing) {
			throw OperationErrors.unprocessable(parameter, type.getSimpleName() + "/" + id.getIdPart() + " does not exist");
		}
	}

	private Appointment update(Appointment appointment) {
		return (Appointment) dao(Appointment.class).update(appointment, system()).getResource();
	}

	Instant now() {
		return clock.instant();
	}

	private <T extends IBaseResource> IFhirResourceDao<T> dao(Class<T> type) {
		return daos.getResourceDao(type);
	}

	private static SystemRequestDetails system() {
		return new SystemRequestDetails();
	}
}
