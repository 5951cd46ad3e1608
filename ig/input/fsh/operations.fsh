// Operations of the portal server. Parameters are typed so that clients and the server agree; operations that
// do not change state can be invoked with GET (all their inputs are primitive).

Instance: Patient-access-log
InstanceOf: OperationDefinition
Usage: #definition
Title: "Patient access log"
Description: "Who read this patient's data: the patient's own view of the read audit trail."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/Patient-access-log"
* name = "AccessLog"
* title = "Patient access log"
* kind = #operation
* description = """
Lists the PortalReadAudit AuditEvents that record reads of this patient's data, newest first: who (user and
client application) read what, and when. A patient may see their own log; a caregiver the log of a patient they
act for. The reads of the log itself are audited too.
"""
* affectsState = false
* code = #access-log
* resource = #Patient
* system = false
* type = false
* instance = true
* insert OperationParameter(start, in, 0, 1, date, [[Earliest day of access to list (inclusive). Default: 90 days before today.]])
* insert OperationParameter(end, in, 0, 1, date, [[Latest day of access to list (inclusive). Default: today.]])
* insert OperationParameter(_count, in, 0, 1, integer, [[Page size of the returned Bundle (at most the server's maximum page size).]])
* insert OperationParameter(return, out, 1, 1, Bundle, [[A searchset Bundle of PortalReadAudit AuditEvents about the patient, newest first, with next links for further pages.]])

Instance: engagement
InstanceOf: OperationDefinition
Usage: #definition
Title: "Portal engagement"
Description: "How much patients use the portal over a period: for practice managers and analysts."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/engagement"
* name = "Engagement"
* title = "Portal engagement"
* kind = #operation
* description = """
Counts, over a period, the patients who used the portal and what they did: sign-ins, records viewed, messages
sent, refill requests and appointments booked. Computed from the audit trail and the portal's resources; needs a
system-level (analyst) authorization.
"""
* affectsState = false
* code = #engagement
* system = true
* type = false
* instance = false
* insert OperationParameter(start, in, 0, 1, date, [[First day of the period (inclusive). Default: 30 days before today.]])
* insert OperationParameter(end, in, 0, 1, date, [[Last day of the period (inclusive). Default: today.]])
* insert OperationParameter(period, out, 1, 1, Period, [[The period that was counted.]])
* insert OperationParameter(active-patients, out, 1, 1, integer, [[Distinct patients with at least one successful sign-in in the period.]])
* insert OperationParameter(sign-ins, out, 1, 1, integer, [[Successful sign-ins (PortalSignInAudit, outcome 0).]])
* insert OperationParameter(records-viewed, out, 1, 1, integer, [[Read interactions on patient data (PortalReadAudit) made by patients and caregivers.]])
* insert OperationParameter(messages-sent, out, 1, 1, integer, [[PortalMessages sent by patients and caregivers.]])
* insert OperationParameter(refill-requests, out, 1, 1, integer, [[PortalRefillRequests created.]])
* insert OperationParameter(appointments-booked, out, 1, 1, integer, [[PortalAppointments booked through the portal.]])

Instance: Slot-find
InstanceOf: OperationDefinition
Usage: #definition
Title: "Find free slots"
Description: "The free slots a patient may book, in a time window, optionally for a practitioner, location or service."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/Slot-find"
* name = "FindSlots"
* title = "Find free slots"
* kind = #operation
* description = "Returns the free Slots between start and end that the practice offers for booking in the portal, soonest first."
* affectsState = false
* code = #find
* resource = #Slot
* system = false
* type = true
* instance = false
* insert OperationParameter(start, in, 1, 1, dateTime, [[Start of the time window.]])
* insert OperationParameter(end, in, 1, 1, dateTime, [[End of the time window (at most 90 days after start).]])
* insert OperationParameter(practitioner, in, 0, *, string, [[Only slots of these practitioners' schedules (a reference, e.g. Practitioner/123).]])
* parameter[=].searchType = #reference
* insert OperationParameter(location, in, 0, *, string, [[Only slots at these locations (a reference, e.g. Location/5).]])
* parameter[=].searchType = #reference
* insert OperationParameter(service-type, in, 0, *, string, [[Only slots for these services (a token, system|code).]])
* parameter[=].searchType = #token
* insert OperationParameter(_count, in, 0, 1, integer, [[Page size of the returned Bundle.]])
* insert OperationParameter(return, out, 1, 1, Bundle, [[A searchset Bundle of free Slots, soonest first.]])

Instance: Appointment-book
InstanceOf: OperationDefinition
Usage: #definition
Title: "Book an appointment"
Description: "Books a free slot for a patient: the slot becomes busy and a PortalAppointment is created."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/Appointment-book"
* name = "BookAppointment"
* title = "Book an appointment"
* kind = #operation
* description = """
Books the given free Slot for the patient in one transaction: the Slot becomes busy and a booked
PortalAppointment with the patient and the slot's practitioner is created and returned. A slot that is no longer
free answers 409 Conflict.
"""
* affectsState = true
* code = #book
* resource = #Appointment
* system = false
* type = true
* instance = false
* insert OperationParameter(slot, in, 1, 1, Reference, [[The free Slot to book.]])
* parameter[=].targetProfile = "http://hl7.org/fhir/StructureDefinition/Slot"
* insert OperationParameter(patient, in, 1, 1, Reference, [[The patient the appointment is for (the signed-in patient, or a patient the caregiver acts for).]])
* parameter[=].targetProfile = "http://hl7.org/fhir/StructureDefinition/Patient"
* insert OperationParameter(reason, in, 0, 1, CodeableConcept, [[Why the patient wants the appointment (Appointment.reasonCode).]])
* insert OperationParameter(comment, in, 0, 1, string, [[A note from the patient to the practice (Appointment.comment).]])
* insert OperationParameter(return, out, 1, 1, Appointment, [[The booked appointment (conforms to PortalAppointment).]])

Instance: Appointment-cancel
InstanceOf: OperationDefinition
Usage: #definition
Title: "Cancel an appointment"
Description: "Cancels a booked appointment and frees its slot."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/Appointment-cancel"
* name = "CancelAppointment"
* title = "Cancel an appointment"
* kind = #operation
* description = "Sets the appointment's status to cancelled with a reason and frees its Slot, in one transaction. Cancelling an appointment that has already started answers 409 Conflict."
* affectsState = true
* code = #cancel
* resource = #Appointment
* system = false
* type = false
* instance = true
* insert OperationParameter(reason, in, 0, 1, CodeableConcept, [[Why the appointment is cancelled (Appointment.cancelationReason). Default: appointment-cancellation-reason#pat (Patient).]])
* insert OperationParameter(comment, in, 0, 1, string, [[A note from the patient to the practice.]])
* insert OperationParameter(return, out, 1, 1, Appointment, [[The cancelled appointment.]])

Instance: Appointment-reschedule
InstanceOf: OperationDefinition
Usage: #definition
Title: "Reschedule an appointment"
Description: "Moves a booked appointment to another free slot."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/Appointment-reschedule"
* name = "RescheduleAppointment"
* title = "Reschedule an appointment"
* kind = #operation
* description = """
Moves the appointment to the given free Slot in one transaction: the old slot is freed, the new one becomes busy,
and the appointment gets the new slot, start and end. A slot that is no longer free answers 409 Conflict and
leaves the appointment as it was.
"""
* affectsState = true
* code = #reschedule
* resource = #Appointment
* system = false
* type = false
* instance = true
* insert OperationParameter(slot, in, 1, 1, Reference, [[The free Slot to move the appointment to.]])
* parameter[=].targetProfile = "http://hl7.org/fhir/StructureDefinition/Slot"
* insert OperationParameter(comment, in, 0, 1, string, [[A note from the patient to the practice.]])
* insert OperationParameter(return, out, 1, 1, Appointment, [[The rescheduled appointment.]])

Instance: MedicationRequest-request-refill
InstanceOf: OperationDefinition
Usage: #definition
Title: "Request a refill"
Description: "Asks the prescriber to renew a medication order: creates a PortalRefillRequest."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/MedicationRequest-request-refill"
* name = "RequestRefill"
* title = "Request a refill"
* kind = #operation
* description = """
Creates a PortalRefillRequest Task (status requested) for this MedicationRequest, owned by its prescriber,
and returns it. Only an active MedicationRequest of the patient's own record qualifies: one that is not active
answers 422, another patient's answers 404. While a request for the same MedicationRequest is still open
(requested, accepted or in progress), a second one answers 409 Conflict; once staff close it (rejected,
completed), the patient may ask again. Needs a scope that creates Tasks.
"""
* affectsState = true
* code = #request-refill
* resource = #MedicationRequest
* system = false
* type = false
* instance = true
* insert OperationParameter(note, in, 0, 1, string, [[The patient's comment (Task.note), e.g. which pharmacy.]])
* insert OperationParameter(requester, in, 0, 1, Reference, [[Who asks, when a caregiver asks for the patient. Default: the signed-in user.]])
* parameter[=].targetProfile[0] = "http://hl7.org/fhir/StructureDefinition/Patient"
* parameter[=].targetProfile[+] = "http://hl7.org/fhir/StructureDefinition/RelatedPerson"
* insert OperationParameter(return, out, 1, 1, Task, [[The refill request (conforms to PortalRefillRequest).]])

Instance: release
InstanceOf: OperationDefinition
Usage: #definition
Title: "Release a result to the patient"
Description: "A clinician releases a held lab result, report or document to the patient."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/release"
* name = "ReleaseResult"
* title = "Release a result to the patient"
* kind = #operation
* description = """
Results (Observation, DiagnosticReport, DocumentReference) of the categories the server holds
(portal.release.held-categories; none by default, so results are released at once) carry the security label
portal-release-status#held and are invisible to patient tokens in every interaction. This operation removes the
label, so the patient sees the result; releasing a DiagnosticReport releases its result Observations too.
Releasing a result that is not held changes nothing. Only staff (a practitioner user or a backend client) with
update scope on the type may release.
"""
* affectsState = true
* code = #release
* resource[0] = #Observation
* resource[+] = #DiagnosticReport
* resource[+] = #DocumentReference
* system = false
* type = false
* instance = true
* insert OperationParameter(return, out, 1, 1, Resource, [[The released result.]])
