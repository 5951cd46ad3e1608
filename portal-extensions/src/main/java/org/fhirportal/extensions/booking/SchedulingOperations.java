package org.fhirportal.extensions.booking;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.extensions.workflow.Caller;
import org.fhirportal.extensions.workflow.OperationErrors;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;

/**
 * The self-scheduling operations of the portal IG: {@code Slot/$find}, {@code Appointment/$book},
 * {@code Appointment/[id]/$cancel} and {@code Appointment/[id]/$reschedule} (OperationDefinitions Slot-find,
 * Appointment-book, Appointment-cancel, Appointment-reschedule). A patient books and changes appointments of
 * their own record; staff (practitioner users, backend clients) for any patient, without the cancellation window.
 */
public final class SchedulingOperations {

	private static final int DEFAULT_COUNT = 50;
	private static final int MAX_COUNT = 200;

	private final AppointmentBooking booking;
	private final SlotFinder finder;
	private final BookingProperties properties;

	SchedulingOperations(AppointmentBooking booking, SlotFinder finder, BookingProperties properties) {
		this.booking = Objects.requireNonNull(booking, "booking");
		this.finder = Objects.requireNonNull(finder, "finder");
		this.properties = Objects.requireNonNull(properties, "properties");
	}

	@Operation(name = "$find", type = Slot.class, idempotent = true)
	public IBundleProvider find(
			@OperationParam(name = "start", min = 0, max = 1) DateTimeType start,
			@OperationParam(name = "end", min = 0, max = 1) DateTimeType end,
			@OperationParam(name = "practitioner", max = OperationParam.MAX_UNLIMITED) List<StringType> practitioners,
			@OperationParam(name = "location", max = OperationParam.MAX_UNLIMITED) List<StringType> locations,
			@OperationParam(name = "service-type", max = OperationParam.MAX_UNLIMITED) List<StringType> serviceTypes,
			@OperationParam(name = "_count", max = 1) IntegerType count) {
		Caller caller = Caller.current();
		if (!(caller.may("Appointment", Permission.CREATE) || caller.may("Appointment", Permission.READ)
				|| caller.may("Slot", Permission.READ) || caller.may("Slot", Permission.SEARCH))) {
			throw new ForbiddenOperationException("Finding slots needs a scope that reads Slots or books Appointments");
		}
		Instant from = required(start, "start");
		Instant to = required(end, "end");
		if (!to.isAfter(from)) {
			throw OperationErrors.invalid("end", "must be after start");
		}
		if (Duration.between(from, to).compareTo(properties.maxSearchWindow()) > 0) {
			throw OperationErrors.invalid("end", "the window may span at most " + properties.maxSearchWindow().toDays() + " days");
		}
		int size = count == null || count.getValue() == null ? DEFAULT_COUNT : count.getValue();
		if (size < 1 || size > MAX_COUNT) {
			throw OperationErrors.invalid("_count", "must be between 1 and " + MAX_COUNT);
		}
		return finder.find(new SlotFinder.Query(java.util.Date.from(from), java.util.Date.from(to),
				references(practitioners, "practitioner", "Practitioner"), references(locations, "location", "Location"),
				tokens(serviceTypes), size));
	}

	@Operation(name = "$book", type = Appointment.class)
	public Appointment book(
			@OperationParam(name = "slot", min = 0, max = 1) Reference slot,
			@OperationParam(name = "patient", min = 0, max = 1) Reference patient,
			@OperationParam(name = "reason", max = 1) CodeableConcept reason,
			@OperationParam(name = "comment", max = 1) StringType comment) {
		Caller caller = Caller.current();
		caller.require("Appointment", Permission.CREATE);
		IdType slotId = reference(slot, "slot", "Slot");
		String patientId = reference(patient, "patient", "Patient").getIdPart();
		caller.requireRecordOf(patientId);
		booking.read(Patient.class, new IdType("Patient", patientId), "patient");
		return booking.book(slotId, patientId, reason, text(comment));
	}

	@Operation(name = "$cancel", type = Appointment.class)
	public Appointment cancel(
			@IdParam IdType id,
			@OperationParam(name = "reason", max = 1) CodeableConcept reason,
			@OperationParam(name = "comment", max = 1) StringType comment) {
		Caller caller = Caller.current();
		caller.require("Appointment", Permission.UPDATE);
		Appointment appointment = changeable(caller, id);
		return booking.cancel(appointment, reason, text(comment));
	}

	@Operation(name = "$reschedule", type = Appointment.class)
	public Appointment reschedule(
			@IdParam IdType id,
			@OperationParam(name = "slot", min = 0, max = 1) Reference slot,
			@OperationParam(name = "comment", max = 1) StringType comment) {
		Caller caller = Caller.current();
		caller.require("Appointment", Permission.UPDATE);
		IdType slotId = reference(slot, "slot", "Slot");
		Appointment appointment = changeable(caller, id);
		return booking.reschedule(appointment, slotId, text(comment));
	}

	/** The appointment, if the caller may change it and it is booked and (for patients) outside the window. */
	private Appointment changeable(Caller caller, IdType id) {
		Appointment appointment;
		try {
			appointment = booking.read(Appointment.class, id, "id");
		} catch (UnprocessableEntityException missing) {
			throw new ResourceNotFoundException(id.withResourceType("Appointment").toUnqualifiedVersionless());
		}
		String patient = appointment.getParticipant().stream().map(p -> p.getActor().getReferenceElement())
				.filter(ref -> "Patient".equals(ref.getResourceType())).map(ref -> ref.getIdPart()).findFirst()
				.orElseThrow(() -> OperationErrors.unprocessable("id", "Appointment/" + id.getIdPart() + " has no patient"));
		if (caller.patientId().isPresent() && !caller.patientId().get().equals(patient)) {
			// As for any read of another patient's data: the appointment is not there for this caller.
			throw new ResourceNotFoundException(id.withResourceType("Appointment").toUnqualifiedVersionless());
		}
		caller.requireRecordOf(patient);
		if (appointment.getStatus() != Appointment.AppointmentStatus.BOOKED) {
			throw OperationErrors.conflict("id", "Appointment/" + id.getIdPart() + " is " + appointment.getStatus().toCode() + ", not booked");
		}
		Instant startsAt = appointment.getStart().toInstant();
		if (!startsAt.isAfter(booking.now())) {
			throw OperationErrors.conflict("id", "Appointment/" + id.getIdPart() + " has already started");
		}
		if (!caller.isStaff() && startsAt.minus(properties.cancellationWindow()).isBefore(booking.now())) {
			throw OperationErrors.conflict("id", "Appointment/" + id.getIdPart() + " starts within "
					+ properties.cancellationWindow().toHours() + " hours; please call the practice to change it");
		}
		return appointment;
	}

	private static Instant required(DateTimeType value, String parameter) {
		if (value == null || value.getValue() == null) {
			throw OperationErrors.invalid(parameter, "is required (a dateTime)");
		}
		return value.getValue().toInstant();
	}

	/** A reference to a resource of the type, as {@code Type/id} (or a bare id). */
	private static IdType reference(Reference value, String parameter, String type) {
		if (value == null || !value.hasReference()) {
			throw OperationErrors.invalid(parameter, "is required (a reference to a " + type + ")");
		}
		IdType id = new IdType(value.getReference());
		if (!id.hasIdPart() || (id.hasResourceType() && !type.equals(id.getResourceType()))) {
			throw OperationErrors.invalid(parameter, "must reference a " + type + ", got '" + value.getReference() + "'");
		}
		return new IdType(type, id.getIdPart());
	}

	private static List<String> references(List<StringType> values, String parameter, String type) {
		List<String> references = new ArrayList<>();
		for (StringType value : values == null ? List.<StringType>of() : values) {
			IdType id = new IdType(value.getValue());
			if (!id.hasIdPart() || (id.hasResourceType() && !type.equals(id.getResourceType()))) {
				throw OperationErrors.invalid(parameter, "must reference a " + type + ", got '" + value.getValue() + "'");
			}
			references.add(type + "/" + id.getIdPart());
		}
		return references;
	}

	private static List<TokenParam> tokens(List<StringType> values) {
		List<TokenParam> tokens = new ArrayList<>();
		for (StringType value : values == null ? List.<StringType>of() : values) {
			String token = value.getValue();
			if (token == null || token.isBlank()) {
				throw OperationErrors.invalid("service-type", "must be a token (system|code)");
			}
			int bar = token.indexOf('|');
			tokens.add(bar < 0 ? new TokenParam(token) : new TokenParam(token.substring(0, bar), token.substring(bar + 1)));
		}
		return tokens;
	}

	private static String text(StringType value) {
		return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
	}
}
