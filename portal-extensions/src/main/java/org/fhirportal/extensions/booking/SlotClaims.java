package org.fhirportal.extensions.booking;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import org.fhirportal.extensions.workflow.OperationErrors;
import org.hl7.fhir.r4.model.Slot;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database-level guarantee that two bookings never take one slot: a booking inserts (slot id, slot version)
 * into {@code portal_slot_claim} in the same transaction that marks the slot busy. The primary key admits one
 * claim per version, so of concurrent bookings that all read the slot free, on any node, one commits and the
 * others fail on the key (or time out on its lock while the winner commits, as H2 does) and answer 409.
 */
final class SlotClaims {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	SlotClaims(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Claims the version of the slot that was read free; must run in the booking's transaction. */
	void claim(Slot slot, String parameter) {
		try {
			jdbc.update("INSERT INTO portal_slot_claim (slot_id, slot_version, claimed_at) VALUES (?, ?, ?)",
					slot.getIdElement().getIdPart(), slot.getIdElement().getVersionIdPartAsLong(), Timestamp.from(clock.instant()));
		} catch (DataIntegrityViolationException | TransientDataAccessException taken) {
			throw OperationErrors.conflict(parameter, "Slot/" + slot.getIdElement().getIdPart() + " was just booked by someone else");
		}
	}

	void recordAppointment(Slot slot, String appointmentId) {
		jdbc.update("UPDATE portal_slot_claim SET appointment_id = ? WHERE slot_id = ? AND slot_version = ?",
				appointmentId, slot.getIdElement().getIdPart(), slot.getIdElement().getVersionIdPartAsLong());
	}
}
