// Appointments that patients book, cancel and reschedule in the portal.

Invariant: portal-appointment-1
Description: "A portal appointment has the patient among its participants."
Expression: "participant.actor.where(reference.startsWith('Patient/') or reference.contains('/Patient/') or type = 'Patient').exists()"
Severity: #error

Invariant: portal-appointment-2
Description: "A booked appointment (booked, arrived, checked-in or fulfilled) has a start, an end and the slot it takes."
Expression: "(status = 'booked' or status = 'arrived' or status = 'checked-in' or status = 'fulfilled') implies (start.exists() and end.exists() and slot.exists())"
Severity: #error

Invariant: portal-appointment-3
Description: "A cancelled appointment says why (cancelationReason)."
Expression: "status = 'cancelled' implies cancelationReason.exists()"
Severity: #error

Profile: PortalAppointment
Parent: Appointment
Id: portal-appointment
Title: "Portal appointment"
Description: """
An appointment booked by a patient in the portal (Appointment/$book) from a free Slot, and later cancelled
($cancel) or moved ($reschedule). The patient is a participant; once booked, the appointment has its slot,
start and end; once cancelled, a reason.
"""
* insert PortalDefinition
* obeys portal-appointment-1 and portal-appointment-2 and portal-appointment-3
* status MS
* cancelationReason MS
* serviceType MS
* appointmentType MS
* reasonCode MS
* description MS
* start MS
* end MS
* slot MS
* slot only Reference(Slot)
* created MS
* comment MS
* patientInstruction MS
* participant MS
* participant.actor 1..1 MS
* participant.actor only Reference(Patient or RelatedPerson or Practitioner or PractitionerRole or Location or HealthcareService or Device)
* participant.status MS

Instance: portal-appointment-example
InstanceOf: PortalAppointment
Usage: #example
Title: "A booked diabetes review"
Description: "Amy Shaw booked a 20-minute diabetes review with Dr Careful from a free slot."
* status = #booked
* serviceType = $service-type#124 "General Practice"
* description = "Diabetes review"
* start = "2026-03-16T09:00:00Z"
* end = "2026-03-16T09:20:00Z"
* slot = Reference(portal-slot-example)
* created = "2026-03-02"
* comment = "Booked in the portal."
* participant[0].actor = Reference(portal-patient-example)
* participant[0].status = #accepted
* participant[1].actor = Reference(portal-practitioner-example)
* participant[1].status = #accepted

Instance: portal-appointment-cancelled-example
InstanceOf: PortalAppointment
Usage: #example
Title: "An appointment the patient cancelled"
Description: "Amy Shaw cancelled an appointment she could not attend."
* status = #cancelled
* cancelationReason = $appointment-cancellation-reason#pat "Patient"
* start = "2026-02-20T10:00:00Z"
* end = "2026-02-20T10:20:00Z"
* slot = Reference(portal-slot-example)
* participant[0].actor = Reference(portal-patient-example)
* participant[0].status = #declined
* participant[1].actor = Reference(portal-practitioner-example)
* participant[1].status = #accepted
