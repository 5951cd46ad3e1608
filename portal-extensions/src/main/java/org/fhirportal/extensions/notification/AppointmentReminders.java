package org.fhirportal.extensions.notification;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.IdType;

/**
 * Raises a {@link NoticeKind#APPOINTMENT} reminder for each patient with a booked appointment tomorrow (in the
 * configured zone). Run on a schedule on every node: each appointment's reminder is raised once for its day (the
 * notice's dedup key), whichever node finds it first; a patient who declined the appointment gets none.
 */
final class AppointmentReminders {

	private final DaoRegistry daos;
	private final PatientNotices notices;
	private final ZoneId zone;
	private final Clock clock;

	AppointmentReminders(DaoRegistry daos, PatientNotices notices, ZoneId zone, Clock clock) {
		this.daos = Objects.requireNonNull(daos, "daos");
		this.notices = Objects.requireNonNull(notices, "notices");
		this.zone = Objects.requireNonNull(zone, "zone");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	void remindOfTomorrow() {
		LocalDate tomorrow = LocalDate.now(clock.withZone(zone)).plusDays(1);
		ZonedDateTime from = tomorrow.atStartOfDay(zone);
		SearchParameterMap booked = SearchParameterMap.newSynchronous()
				.add(Appointment.SP_DATE, new DateRangeParam(Date.from(from.toInstant()), Date.from(from.plusDays(1).toInstant().minusMillis(1))))
				.add(Appointment.SP_STATUS, new TokenParam("booked"));
		for (IBaseResource resource : daos.getResourceDao(Appointment.class).search(booked, new SystemRequestDetails()).getAllResources()) {
			Appointment appointment = (Appointment) resource;
			if (appointment.getStart() == null || appointment.getStart().toInstant().isBefore(from.toInstant())) {
				continue;
			}
			String id = appointment.getIdElement().getIdPart();
			appointment.getParticipant().stream()
					.filter(participant -> participant.getStatus() != Appointment.ParticipationStatus.DECLINED)
					.filter(participant -> participant.hasActor() && participant.getActor().hasReference())
					.map(participant -> new IdType(participant.getActor().getReference()))
					.filter(actor -> "Patient".equals(actor.getResourceType()))
					.forEach(patient -> notices.raise(patient.getIdPart(), NoticeKind.APPOINTMENT,
							"appointment:" + id + ":" + patient.getIdPart() + ":" + tomorrow));
		}
	}
}
