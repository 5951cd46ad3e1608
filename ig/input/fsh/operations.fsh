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

Instance: engagement-effect
InstanceOf: OperationDefinition
Usage: #definition
Title: "Portal engagement effect"
Description: "How much active portal use changes an outcome of care, estimated with causal methods (doubly robust AIPW or staggered difference-in-differences), with 95% intervals, diagnostics and the assumptions behind them: for analysts."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/OperationDefinition/engagement-effect"
* name = "EngagementEffect"
* title = "Portal engagement effect"
* kind = #operation
* description = """
Estimates the effect of active portal use on one outcome from the server's own data, in whole calendar months (UTC):
baseline months (covariates, and the DiD's pre-adoption months) followed by the outcome period. Returns Parameters,
or CSV (parameter,label,name,value, one row per figure) when called with _format=text/csv.

Exposure: a patient is an active portal user with at least exposure-sign-ins successful sign-ins of their own per
month on average over the period (AIPW); for the DiD a patient adopts in the first month with at least that many,
and patients who signed in before the baseline months are left out (adopted before the panel).

Outcomes (outcome):
- no-show: among appointments due in the period (start before now; status booked, arrived, checked-in, fulfilled or
  noshow), the share with status noshow. DiD: no-shows per patient-month.
- refill-adherence: proportion of days covered (PDC, Pharmacy Quality Alliance) by completed MedicationDispenses,
  each covering daysSupply days from the UTC day of whenHandedOver, overlapping supply shifted forward; PDC = covered
  days / days in the window. Patients with an active MedicationRequest and a dispense in the 180 days before the
  baseline months. DiD: the PDC of each patient-month.
- lab-follow-up (binary): whether a patient's first out-of-range laboratory Observation in the period (category
  laboratory; interpretation H, L, HH, LL, A or AA, or a quantity outside its first referenceRange) was followed within
  30 days by the start of an Encounter (not cancelled or entered-in-error) or of an Appointment with status booked,
  arrived, checked-in or fulfilled. Results count once their 30 days have passed. DiD: followed-up out-of-range
  results per patient-month.
- hba1c-change: for patients with type 2 diabetes (an active Condition coded SNOMED CT 44054006 or ICD-10 E11*, dated
  before the period or undated), the last HbA1c (LOINC 4548-4) in the period minus the last in the baseline months.
  AIPW only: method=did answers 400.

Methods (method):
- aipw: augmented inverse-propensity weighting (Robins, Rotnitzky and Zhao 1994), logistic propensity model,
  outcome models (linear, logistic for lab-follow-up) on age, gender, managing organization, number of active
  conditions, baseline appointments and the outcome's own baseline values; 95% interval from the influence function
  or, with bootstrap > 0, a seeded bootstrap; propensities trimmed to [0.01, 0.99] or by Crump et al.'s rule;
  balance as standardized mean differences before and after weighting; E-value (VanderWeele and Ding 2017).
- did: group-time effects with not-yet-adopted controls, aggregated by month since adoption (Callaway and
  Sant'Anna 2021); months before adoption are placebo checks of parallel trends.

Assumptions (also returned in words): no unmeasured confounding given the covariates, overlap, no interference
between patients, a well-defined exposure; for the DiD parallel trends and no anticipation.

Privacy: no patient-level row is returned; any figure from fewer than 11 patients (an arm, an event-time point) is
suppressed: its value carries only the extension data-absent-reason = masked. Needs an analyst's authorization, as
$engagement: system/AuditEvent.rs, or user/AuditEvent.rs for a user who is not a patient or caregiver.
"""
* affectsState = false
* code = #engagement-effect
* system = true
* type = false
* instance = false
* insert OperationParameter(outcome, in, 0, 1, code, [[no-show (default), refill-adherence, lab-follow-up or hba1c-change; an unknown code answers 400.]])
* insert OperationParameter(method, in, 0, 1, code, [[aipw (default) or did; did with hba1c-change answers 400.]])
* insert OperationParameter(estimand, in, 0, 1, code, [[AIPW: att (default, the effect on active users) or ate (on everyone).]])
* insert OperationParameter(start, in, 0, 1, date, [[First month of the outcome period (its day is ignored). Default: five months before end.]])
* insert OperationParameter(end, in, 0, 1, date, [[Last month of the outcome period (its day is ignored). Default: the month before the current one.]])
* insert OperationParameter(baseline-months, in, 0, 1, integer, [[Months before the period for covariates and pre-adoption months, 1 to 24 (default 6); baseline and period together at most 36 months.]])
* insert OperationParameter(exposure-sign-ins, in, 0, 1, decimal, [[Sign-ins per month that make an active user, above 0 and at most 100 (default 1).]])
* insert OperationParameter(cohort-by, in, 0, 1, code, [[age-band, gender, organization or practitioner, to restrict the analysis with cohort; all (default).]])
* insert OperationParameter(cohort, in, 0, 1, string, [[Only patients of this cohort of cohort-by (e.g. Organization/1).]])
* insert OperationParameter(trimming, in, 0, 1, code, [[AIPW propensity trimming: fixed ([0.01, 0.99], default) or crump (Crump, Hotz, Imbens and Mitnik 2009).]])
* insert OperationParameter(bootstrap, in, 0, 1, integer, [[0 (default) for influence-function intervals; otherwise the number of bootstrap replicates (at most 2000): resamples for AIPW, multiplier draws for the DiD.]])
* insert OperationParameter(seed, in, 0, 1, integer, [[Seed of the bootstrap (default 1), so that a run can be repeated exactly.]])
* insert OperationParameter(outcome, out, 1, 1, code, [[The outcome estimated.]])
* insert OperationParameter(outcome-meaning, out, 1, 1, string, [[What the outcome's unit of measure is, for the method used.]])
* insert OperationParameter(method, out, 1, 1, code, [[aipw or did.]])
* insert OperationParameter(period, out, 1, 1, Period, [[The outcome period (whole months).]])
* insert OperationParameter(baseline-months, out, 1, 1, integer, [[Baseline months used.]])
* insert OperationParameter(exposure-sign-ins, out, 1, 1, decimal, [[The exposure definition used.]])
* insert OperationParameter(cohort-by, out, 1, 1, code, [[The cohort dimension.]])
* insert OperationParameter(cohort, out, 0, 1, string, [[The cohort analysed, when restricted.]])
* insert OperationParameter(estimand, out, 0, 1, code, [[AIPW: att or ate.]])
* insert OperationParameter(estimate, out, 0, 1, decimal, [[AIPW: the effect of active use, in the outcome's unit (4 decimals).]])
* insert OperationParameter(standard-error, out, 0, 1, decimal, [[AIPW: its standard error.]])
* insert OperationParameter(ci-lower, out, 0, 1, decimal, [[AIPW: lower limit of the 95% interval.]])
* insert OperationParameter(ci-upper, out, 0, 1, decimal, [[AIPW: upper limit of the 95% interval.]])
* insert OperationParameter(naive-difference, out, 0, 1, decimal, [[Mean outcome of active users minus that of the others (DiD: of adopted patient-months minus never-adopters'), without adjustment.]])
* insert OperationParameter(exposed-mean, out, 0, 1, decimal, [[AIPW: mean outcome of the exposed arm after trimming.]])
* insert OperationParameter(unexposed-mean, out, 0, 1, decimal, [[AIPW: mean outcome of the unexposed arm after trimming.]])
* insert OperationParameter(e-value, out, 0, 1, decimal, [[AIPW: risk-ratio strength an unmeasured confounder would need to explain the estimate away.]])
* insert OperationParameter(e-value-ci, out, 0, 1, decimal, [[AIPW: the same for the interval limit closest to no effect (1 when the interval covers 0).]])
* insert OperationParameterWithParts(bootstrap, out, 0, 1, [[AIPW with bootstrap > 0: replicates, standard-error, ci-lower, ci-upper (percentile interval).]])
* insert OperationParameter(exposed-patients, out, 0, 1, integer, [[AIPW: patients who were active users.]])
* insert OperationParameter(unexposed-patients, out, 0, 1, integer, [[AIPW: patients who were not.]])
* insert OperationParameterWithParts(diagnostics, out, 0, 1, [[AIPW overlap and balance.]])
* insert OperationPart(propensity-exposed-min, 1, 1, decimal, [[Smallest propensity among the exposed.]])
* insert OperationPart(propensity-exposed-max, 1, 1, decimal, [[Largest propensity among the exposed.]])
* insert OperationPart(propensity-unexposed-min, 1, 1, decimal, [[Smallest propensity among the unexposed.]])
* insert OperationPart(propensity-unexposed-max, 1, 1, decimal, [[Largest propensity among the unexposed.]])
* insert OperationPart(trim-lower, 1, 1, decimal, [[Lower trimming bound.]])
* insert OperationPart(trim-upper, 1, 1, decimal, [[Upper trimming bound.]])
* insert OperationPart(share-trimmed, 1, 1, decimal, [[Share of patients left out by trimming.]])
* insert OperationPart(max-abs-smd-after, 1, 1, decimal, [[Largest absolute standardized mean difference after weighting (below 0.1 is balanced).]])
* insert OperationPartWithParts(balance, 0, *, [[One covariate's balance.]])
* insert OperationMonthPart(covariate, string, [[The covariate (age, female, active-conditions, baseline-pdc, ...).]])
* insert OperationMonthPart(smd-before, decimal, [[Standardized mean difference before weighting.]])
* insert OperationMonthPart(smd-after, decimal, [[Standardized mean difference after weighting.]])
* insert OperationParameter(adopters, out, 0, 1, integer, [[DiD: patients who adopted within the panel after its first month.]])
* insert OperationParameter(never-adopters, out, 0, 1, integer, [[DiD: patients who did not adopt within the panel.]])
* insert OperationParameter(adopted-before-panel, out, 0, 1, integer, [[DiD: patients left out because they used the portal before the panel.]])
* insert OperationParameter(inference, out, 0, 1, string, [[DiD: influence function or multiplier bootstrap.]])
* insert OperationParameterWithParts(overall, out, 0, 1, [[DiD: the mean of the event-time effects from adoption on: estimate, standard-error, ci-lower, ci-upper, adopters.]])
* insert OperationParameterWithParts(event-time, out, 0, *, [[DiD: the effect a number of months since adoption (months-since-adoption; negative months are placebos): estimate, standard-error, ci-lower, ci-upper, adopters.]])
* insert OperationParameterWithParts(assumptions, out, 1, 1, [[The assumptions behind the estimate, in plain words (parts named assumption).]])
