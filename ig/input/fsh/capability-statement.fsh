// What a FHIR Portal Server offers: SMART security, the portal profiles, the IG search parameter and operations.

Instance: fhir-portal-server
InstanceOf: CapabilityStatement
Usage: #definition
Title: "FHIR Portal Server"
Description: "The capabilities every FHIR Portal Server deployment offers to SMART apps, EHRs and analysts."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/CapabilityStatement/fhir-portal-server"
* name = "FhirPortalServer"
* title = "FHIR Portal Server"
* date = "2026-03-01"
* description = """
A FHIR R4 server for patient portals. Patients and caregivers use it through SMART apps (SMART App Launch,
patient and user scopes); EHRs push data with system scopes; every read of patient data is audited
(PortalReadAudit) and the patient can see who read their record (Patient/[id]/$access-log).
"""
* kind = #requirements
* fhirVersion = #4.0.1
* format[0] = #json
* format[+] = #xml
* implementationGuide = "http://fhirportal.org/fhir/ImplementationGuide/org.fhirportal.ig"
* rest.mode = #server
* rest.documentation = "Every request needs a SMART access token; writes of portal resources must conform to the portal profiles (422 otherwise)."
* rest.security.cors = true
* rest.security.service = $restful-security-service#SMART-on-FHIR "SMART-on-FHIR"
* rest.security.description = "SMART App Launch 2.x (standalone and EHR launch, PKCE, patient/user/system scopes v1 and v2); the endpoints are listed at [base]/.well-known/smart-configuration."

* rest.resource[+].type = #Patient
* rest.resource[=].interaction[+].code = #read
* rest.resource[=].interaction[+].code = #search-type
* rest.resource[=].operation[+].name = "access-log"
* rest.resource[=].operation[=].definition = Canonical(Patient-access-log)

* rest.resource[+].type = #AuditEvent
* rest.resource[=].supportedProfile[+] = Canonical(PortalReadAudit)
* rest.resource[=].supportedProfile[+] = Canonical(PortalSignInAudit)
* rest.resource[=].interaction[+].code = #read
* rest.resource[=].interaction[+].code = #search-type
* rest.resource[=].searchParam[+].name = "returned-resource"
* rest.resource[=].searchParam[=].definition = Canonical(AuditEvent-returned-resource)
* rest.resource[=].searchParam[=].type = #reference
* rest.resource[=].searchParam[=].documentation = "Read audits of requests that returned the given resource."

* rest.resource[+].type = #Communication
* rest.resource[=].supportedProfile[+] = Canonical(PortalMessage)
* rest.resource[=].interaction[+].code = #read
* rest.resource[=].interaction[+].code = #search-type
* rest.resource[=].interaction[+].code = #create
* rest.resource[=].searchParam[+].name = "in-response-to"
* rest.resource[=].searchParam[=].definition = Canonical(Communication-in-response-to)
* rest.resource[=].searchParam[=].type = #reference
* rest.resource[=].searchParam[=].documentation = "The replies to a message (a thread), within the caller's reach."

* rest.resource[+].type = #Task
* rest.resource[=].supportedProfile[+] = Canonical(PortalRefillRequest)
* rest.resource[=].documentation = "Refill requests: staff accept, reject (with statusReason) and complete them by update; the patient or their caregiver cancels a requested one. Other moves answer 409, other changes by the patient's side 422."
* rest.resource[=].interaction[+].code = #read
* rest.resource[=].interaction[+].code = #search-type
* rest.resource[=].interaction[+].code = #update

* rest.resource[+].type = #MedicationRequest
* rest.resource[=].interaction[+].code = #read
* rest.resource[=].interaction[+].code = #search-type
* rest.resource[=].operation[+].name = "request-refill"
* rest.resource[=].operation[=].definition = Canonical(MedicationRequest-request-refill)

* rest.resource[+].type = #Slot
* rest.resource[=].interaction[+].code = #read
* rest.resource[=].interaction[+].code = #search-type
* rest.resource[=].operation[+].name = "find"
* rest.resource[=].operation[=].definition = Canonical(Slot-find)

* rest.resource[+].type = #Appointment
* rest.resource[=].supportedProfile[+] = Canonical(PortalAppointment)
* rest.resource[=].interaction[+].code = #read
* rest.resource[=].interaction[+].code = #search-type
* rest.resource[=].operation[+].name = "book"
* rest.resource[=].operation[=].definition = Canonical(Appointment-book)
* rest.resource[=].operation[+].name = "cancel"
* rest.resource[=].operation[=].definition = Canonical(Appointment-cancel)
* rest.resource[=].operation[+].name = "reschedule"
* rest.resource[=].operation[=].definition = Canonical(Appointment-reschedule)

* rest.resource[+].type = #Observation
* rest.resource[=].operation[+].name = "release"
* rest.resource[=].operation[=].definition = Canonical(release)

* rest.resource[+].type = #DiagnosticReport
* rest.resource[=].operation[+].name = "release"
* rest.resource[=].operation[=].definition = Canonical(release)

* rest.resource[+].type = #DocumentReference
* rest.resource[=].operation[+].name = "release"
* rest.resource[=].operation[=].definition = Canonical(release)

* rest.operation[+].name = "engagement"
* rest.operation[=].definition = Canonical(engagement)
* rest.operation[+].name = "engagement-effect"
* rest.operation[=].definition = Canonical(engagement-effect)
