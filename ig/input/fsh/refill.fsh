// Refill requests: a patient asks the prescriber to renew a medication order.

Invariant: portal-refill-1
Description: "A rejected refill request says why (statusReason)."
Expression: "status = 'rejected' implies statusReason.exists()"
Severity: #error

Profile: PortalRefillRequest
Parent: Task
Id: portal-refill-request
Title: "Portal refill request"
Description: """
A patient's request, made in the portal (or with MedicationRequest/[id]/$request-refill), that the prescriber
renew a medication order. The Task is about the MedicationRequest (focus) for the patient (for), asked by the
patient or a caregiver (requester) and owned by the prescriber. Its status follows the request: requested,
then accepted or rejected, then completed; the patient may cancel it.
"""
* insert PortalDefinition
* obeys portal-refill-1
* status MS
* status from PortalRefillStatusVS (required)
* statusReason MS
* intent MS
* intent = #order
* code 1..1 MS
* code = PortalTaskCodes#refill-request "Medication refill request"
* focus 1..1 MS
* focus only Reference(MedicationRequest)
* for 1..1 MS
* for only Reference(Patient)
* authoredOn 1..1 MS
* lastModified MS
* requester 1..1 MS
* requester only Reference(Patient or RelatedPerson)
* owner MS
* owner only Reference(Practitioner)
* owner ^short = "The prescriber who decides on the request"
* note MS
* note ^short = "The patient's comment, e.g. which pharmacy or why the refill is needed"
* executionPeriod MS

Instance: portal-refill-request-example
InstanceOf: PortalRefillRequest
Usage: #example
Title: "A patient asks for a metformin refill"
Description: "Amy Shaw asks Dr Careful to renew her metformin prescription before she runs out."
* status = #requested
* intent = #order
* focus = Reference(portal-medication-request-example)
* for = Reference(portal-patient-example)
* authoredOn = "2026-03-02T09:25:00Z"
* requester = Reference(portal-patient-example)
* owner = Reference(portal-practitioner-example)
* note.text = "I have one week of tablets left. Same pharmacy as before, please."

Instance: portal-refill-request-rejected-example
InstanceOf: PortalRefillRequest
Usage: #example
Title: "A refill request the practice rejects"
Description: "The practice rejects a refill request because the patient needs a check-up first."
* status = #rejected
* statusReason.text = "A review appointment is due before the next prescription."
* intent = #order
* focus = Reference(portal-medication-request-example)
* for = Reference(portal-patient-example)
* authoredOn = "2026-01-10T18:02:00Z"
* lastModified = "2026-01-11T08:30:00Z"
* requester = Reference(portal-patient-example)
* owner = Reference(portal-practitioner-example)
