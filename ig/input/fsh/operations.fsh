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
Description: "How much patients use the portal over a period, optionally per cohort: for practice managers and analysts."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/engagement"
* name = "Engagement"
* title = "Portal engagement"
* kind = #operation
* description = """
Aggregate figures of portal use over a period (UTC days, start and end inclusive), for all patients or per cohort,
computed from the audit trail, the portal accounts and the portal's resources. Returns Parameters, or CSV
(one row per figure: cohort_by,cohort,month,measure,value,unit) when called with _format=text/csv.

Definitions: patients are the Patient resources the server holds; enrolled patients those with a portal account
(a portal user of role PATIENT linked to the Patient) created by the end of the period; active patients those
with at least one successful sign-in of their own in the period (or month); adoption = active patients /
patients; sign-ins per active patient per month = sign-ins / the sum over the months of the monthly active
patients. Views count successful reads and searches by the patient or a caregiver, once per request and kind of
data returned (results: Observation, DiagnosticReport; medications: MedicationRequest, MedicationStatement,
MedicationDispense, MedicationAdministration; appointments: Appointment; messages: Communication; documents:
DocumentReference). Lab time to view: for laboratory DiagnosticReports (category LAB) issued in the period, the
hours from issued to the first time the report was returned to the patient or a caregiver (later views count;
percentiles interpolate between closest ranks, as percentile_cont). Messages: Communications about a patient sent
by the patient or a caregiver; reply time: to the first care-team message answering it (inResponseTo).
Self-scheduled appointments: created by a patient's or caregiver's request, or declaring PortalAppointment.
Refill requests: PortalRefillRequest Tasks authored in the period.

Privacy: no patient identifier appears in the output, and any figure derived from fewer than 11 distinct patients
is suppressed: its value carries no number, only the extension data-absent-reason = masked (CSV: suppressed).
Needs an analyst's authorization: system/AuditEvent.rs, or user/AuditEvent.rs for a user who is not a patient or
caregiver.
"""
* affectsState = false
* code = #engagement
* system = true
* type = false
* instance = false
* insert OperationParameter(start, in, 0, 1, date, [[First day of the period (inclusive, UTC). Default: 29 days before end.]])
* insert OperationParameter(end, in, 0, 1, date, [[Last day of the period (inclusive, UTC). Default: today. At most 1097 days after start (a period of at most 1098 days).]])
* insert OperationParameter(cohort-by, in, 0, 1, code, [[Group patients by age-band (age on the last day: 0-17, 18-39, 40-64, 65+), gender, organization (Patient.managingOrganization) or practitioner (first Patient.generalPractitioner that is a Practitioner); all (the default) gives one cohort. Patients without the attribute form the cohort unknown.]])
* insert OperationParameter(period, out, 1, 1, Period, [[The days counted.]])
* insert OperationParameter(cohort-by, out, 1, 1, code, [[What the cohorts group patients by.]])
* insert OperationParameterWithParts(cohort, out, 1, *, [[The figures of one cohort.]])
* insert OperationPart(name, 1, 1, string, [[The cohort: all, an age band, a gender code, an Organization or Practitioner reference, or unknown.]])
* insert OperationPart(patients, 1, 1, integer, [[Patient resources held.]])
* insert OperationPart(enrolled-patients, 1, 1, integer, [[Patients with a portal account created by the end of the period.]])
* insert OperationPart(active-patients, 1, 1, integer, [[Patients with at least one successful sign-in in the period.]])
* insert OperationPart(adoption, 1, 1, decimal, [[Active patients / patients (3 decimals).]])
* insert OperationPart(sign-ins, 1, 1, integer, [[Successful sign-ins of patients.]])
* insert OperationPart(sign-ins-per-active-patient-month, 1, 1, decimal, [[Sign-ins / the sum of the monthly active patients (3 decimals).]])
* insert OperationPart(views-results, 1, 1, integer, [[Views returning results.]])
* insert OperationPart(views-medications, 1, 1, integer, [[Views returning medications.]])
* insert OperationPart(views-appointments, 1, 1, integer, [[Views returning appointments.]])
* insert OperationPart(views-messages, 1, 1, integer, [[Views returning messages.]])
* insert OperationPart(views-documents, 1, 1, integer, [[Views returning documents.]])
* insert OperationPart(lab-results-issued, 1, 1, integer, [[Laboratory DiagnosticReports issued in the period.]])
* insert OperationPart(lab-results-viewed, 1, 1, integer, [[Of those, viewed by the patient or a caregiver.]])
* insert OperationPart(lab-time-to-view-median, 1, 1, Quantity, [[Median hours from issued to first view (UCUM h).]])
* insert OperationPart(lab-time-to-view-p90, 1, 1, Quantity, [[90th percentile of hours from issued to first view (UCUM h).]])
* insert OperationPart(messages-sent, 1, 1, integer, [[Messages sent by patients and caregivers.]])
* insert OperationPart(messages-replied, 1, 1, integer, [[Of those, answered by the care team.]])
* insert OperationPart(reply-time-median, 1, 1, Quantity, [[Median hours to the care team's first reply (UCUM h).]])
* insert OperationPart(appointments-self-scheduled, 1, 1, integer, [[Appointments booked by patients and caregivers.]])
* insert OperationPart(refill-requests, 1, 1, integer, [[Refill requests authored.]])
* insert OperationPartWithParts(month, 1, *, [[Figures of one calendar month (cut to the period).]])
* insert OperationMonthPart(month, date, [[The month (YYYY-MM).]])
* insert OperationMonthPart(active-patients, integer, [[Patients with at least one successful sign-in in the month.]])
* insert OperationMonthPart(sign-ins, integer, [[Successful sign-ins of patients in the month.]])
* insert OperationMonthPart(sign-ins-per-active-patient-month, decimal, [[Sign-ins / active patients of the month.]])

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
