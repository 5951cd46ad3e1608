// Audit of every read of patient data through the portal, in the shape of IHE Basic Audit Log Patterns (BALP)
// "RESTful read" and "RESTful query" AuditEvents, with the list of resources actually returned.

Extension: ReturnedResources
Id: returned-resources
Title: "Returned resources"
Description: """
A resource the server actually returned to the client in answer to the audited request (after access control
and paging). The extension repeats, once per returned resource, so that an analyst can ask "who saw
Observation/123" with the `returned-resource` search parameter.
"""
Context: AuditEvent
* insert PortalDefinition
* value[x] 1..1
* value[x] only Reference(Resource)

Invariant: portal-read-1
Description: "A search records its query: an entity with role Query (object-role 24)."
Expression: "subtype.where(code = 'search-type' or code = 'search-system').exists() implies entity.where(role.code = '24').exists()"
Severity: #error

Invariant: portal-read-2
Description: "Reads of a known resource are action R; searches, type and system history and operations are action E (IHE BALP)."
Expression: "(subtype.where(code = 'read' or code = 'vread' or code = 'history-instance').exists() implies action = 'R') and (subtype.where(code = 'search-type' or code = 'search-system' or code = 'history-type' or code = 'history-system' or code = 'operation').exists() implies action = 'E')"
Severity: #error

Profile: PortalReadAudit
Parent: AuditEvent
Id: portal-read-audit
Title: "Portal read audit"
Description: """
The record the portal keeps of every read of patient data: who (user and client application) read what
(the patient, the resources read, the query) through which server, when, and with what outcome. Shaped after
IHE BALP's RESTful read and query AuditEvents, on base FHIR R4 (the BALP package is not a dependency).
"""
* insert PortalDefinition
* obeys portal-read-1 and portal-read-2
* extension contains ReturnedResources named returnedResources 0..* MS
* type 1..1 MS
* type = $audit-event-type#rest "RESTful Operation"
* subtype 1..1 MS
* subtype from PortalReadInteractionVS (required)
* action 1..1 MS
* action from PortalReadActionVS (required)
* recorded MS
* outcome 1..1 MS
* outcomeDesc MS
* source MS
* source.observer MS
* source.observer only Reference(Device)
* agent MS
* agent ^slicing.discriminator.type = #pattern
* agent ^slicing.discriminator.path = "type"
* agent ^slicing.rules = #open
* agent ^slicing.description = "The client application, the server and the user, as IHE BALP records them."
* agent contains client 1..1 MS and server 1..1 MS and user 0..1 MS
* agent[client] ^short = "The client application (SMART client) that asked"
* agent[client].type 1..1
* agent[client].type = $dcm#110153 "Source Role ID"
* agent[client].who 1..1 MS
* agent[client].who only Reference(Device)
* agent[client].who ^comment = "A SMART client is named by its client_id in who.identifier when no Device resource describes it."
* agent[client].requestor = false
* agent[client].network MS
* agent[server] ^short = "The FHIR server that answered"
* agent[server].type 1..1
* agent[server].type = $dcm#110152 "Destination Role ID"
* agent[server].who 1..1 MS
* agent[server].who only Reference(Device)
* agent[server].requestor = false
* agent[user] ^short = "The person on whose behalf the client read: patient, caregiver or clinician"
* agent[user].type 1..1
* agent[user].type = $v3-ParticipationType#IRCP "information recipient"
* agent[user].who 1..1 MS
* agent[user].who only Reference(Patient or RelatedPerson or Practitioner or PractitionerRole)
* agent[user].requestor = true
* agent[user].policy MS
* agent[user].policy ^short = "The access token's identifier (jti), tying the event to the SMART authorization"
* entity MS
* entity ^slicing.discriminator.type = #pattern
* entity ^slicing.discriminator.path = "role"
* entity ^slicing.rules = #open
* entity ^slicing.description = "The patient whose data was read, the resources read and the query."
* entity contains patient 0..1 MS and data 0..* MS and query 0..1 MS
* entity[patient] ^short = "The patient whose data was read"
* entity[patient].type = $audit-entity-type#1 "Person"
* entity[patient].role 1..1
* entity[patient].role = $object-role#1 "Patient"
* entity[patient].what 1..1 MS
* entity[patient].what only Reference(Patient)
* entity[data] ^short = "A resource named by the request (read, vread, instance history or operation)"
* entity[data].type = $audit-entity-type#2 "System Object"
* entity[data].role 1..1
* entity[data].role = $object-role#4 "Domain Resource"
* entity[data].what 1..1 MS
* entity[query] ^short = "The search as the client sent it"
* entity[query].type = $audit-entity-type#2 "System Object"
* entity[query].role 1..1
* entity[query].role = $object-role#24 "Query"
* entity[query].query 1..1 MS
* entity[query].description MS
* entity[query].description ^short = "The search in readable form, e.g. Observation?patient=123&category=laboratory"

Instance: AuditEvent-returned-resource
InstanceOf: SearchParameter
Usage: #definition
Title: "AuditEvent returned-resource"
Description: "Search read audits by a resource the server returned, e.g. AuditEvent?returned-resource=Observation/123: who saw it, when, through which app."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/SearchParameter/AuditEvent-returned-resource"
* name = "returned-resource"
* description = "A resource that the audited request returned (extension returned-resources). For analysts: who saw Observation/123, when, through which app."
* code = #returned-resource
* base = #AuditEvent
* type = #reference
* expression = "AuditEvent.extension('http://fhirportal.org/fhir/StructureDefinition/returned-resources').value.ofType(Reference)"
* xpathUsage = #normal
* multipleOr = true
* multipleAnd = true

Instance: read-audit-search-example
InstanceOf: PortalReadAudit
Usage: #example
Title: "A patient's app searches her laboratory results"
Description: "Through a SMART app, Amy Shaw searched her laboratory Observations; the server returned two."
* extension[returnedResources][0].valueReference = Reference(Observation/example-glucose)
* extension[returnedResources][1].valueReference = Reference(Observation/example-hba1c)
* subtype = $restful-interaction#search-type "search-type"
* action = #E
* recorded = "2026-03-02T09:15:27.431Z"
* outcome = #0
* source.observer = Reference(portal-server-example)
* agent[client].who.identifier.system = "http://fhirportal.org/fhir/sid/smart-client-id"
* agent[client].who.identifier.value = "growth-charts-app"
* agent[client].network.address = "203.0.113.24"
* agent[client].network.type = #2
* agent[server].who = Reference(portal-server-example)
* agent[user].who = Reference(portal-patient-example)
* agent[user].policy = "urn:uuid:7c1e1b9e-52a4-4a4e-9a3f-1f0e2c1d3b11"
* entity[patient].what = Reference(portal-patient-example)
* entity[query].query = "T2JzZXJ2YXRpb24/cGF0aWVudD1wb3J0YWwtcGF0aWVudC1leGFtcGxlJmNhdGVnb3J5PWxhYm9yYXRvcnk="
* entity[query].description = "Observation?patient=portal-patient-example&category=laboratory"

Instance: read-audit-read-example
InstanceOf: PortalReadAudit
Usage: #example
Title: "A patient reads one of her medication orders"
Description: "Through the portal's own app, Amy Shaw read one MedicationRequest."
* extension[returnedResources].valueReference = Reference(portal-medication-request-example)
* subtype = $restful-interaction#read "read"
* action = #R
* recorded = "2026-03-02T09:16:03.118Z"
* outcome = #0
* source.observer = Reference(portal-server-example)
* agent[client].who.identifier.system = "http://fhirportal.org/fhir/sid/smart-client-id"
* agent[client].who.identifier.value = "portal-web"
* agent[server].who = Reference(portal-server-example)
* agent[user].who = Reference(portal-patient-example)
* entity[patient].what = Reference(portal-patient-example)
* entity[data].what = Reference(portal-medication-request-example)
