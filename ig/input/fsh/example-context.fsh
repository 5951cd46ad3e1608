// The people and things the profile examples refer to.

Instance: portal-patient-example
InstanceOf: Patient
Usage: #example
Title: "Amy Shaw, a portal user"
Description: "A patient who uses the portal."
* identifier.system = "http://fhirportal.org/fhir/sid/mrn"
* identifier.value = "MRN-000123"
* active = true
* name.family = "Shaw"
* name.given = "Amy"
* gender = #female
* birthDate = "1987-02-20"
* telecom.system = #email
* telecom.value = "amy.shaw@example.org"

Instance: portal-practitioner-example
InstanceOf: Practitioner
Usage: #example
Title: "Dr Adam Careful"
Description: "Amy Shaw's general practitioner, who prescribes her medication."
* active = true
* name.family = "Careful"
* name.given = "Adam"
* name.prefix = "Dr"

Instance: portal-medication-request-example
InstanceOf: MedicationRequest
Usage: #example
Title: "Metformin order"
Description: "The metformin order that Amy Shaw asks to refill."
* status = #active
* intent = #order
* medicationCodeableConcept = $rxnorm#860975 "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet"
* subject = Reference(portal-patient-example)
* authoredOn = "2025-09-15"
* requester = Reference(portal-practitioner-example)
* dosageInstruction.text = "One tablet by mouth once a day with breakfast"
* dispenseRequest.numberOfRepeatsAllowed = 2

Instance: portal-schedule-example
InstanceOf: Schedule
Usage: #example
Title: "Dr Careful's schedule"
Description: "The schedule whose free slots patients book in the portal."
* active = true
* actor = Reference(portal-practitioner-example)
* serviceType = $service-type#124 "General Practice"

Instance: portal-slot-example
InstanceOf: Slot
Usage: #example
Title: "A 20-minute slot with Dr Careful"
Description: "The slot that Amy Shaw booked."
* schedule = Reference(portal-schedule-example)
* status = #busy
* serviceType = $service-type#124 "General Practice"
* start = "2026-03-16T09:00:00Z"
* end = "2026-03-16T09:20:00Z"

Instance: portal-server-example
InstanceOf: Device
Usage: #example
Title: "The FHIR Portal Server"
Description: "The server that records audit events (AuditEvent.source.observer)."
* status = #active
* deviceName.name = "FHIR Portal Server"
* deviceName.type = #user-friendly-name
* version.value = "0.1.0"
