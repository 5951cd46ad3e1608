// Secure messages between a patient (or caregiver) and the care team.

Invariant: portal-message-1
Description: "A completed message says when it was sent."
Expression: "status = 'completed' implies sent.exists()"
Severity: #error

Profile: PortalMessage
Parent: Communication
Id: portal-message
Title: "Portal secure message"
Description: """
A secure message between a patient (or a caregiver) and the care team, written in the portal. It is about one
patient (subject), goes from one sender to one or more recipients, carries text or attachments, may answer an
earlier message (inResponseTo) and has a topic that plays the e-mail subject line.
"""
* insert PortalDefinition
* obeys portal-message-1
* status MS
* category MS
* category from PortalMessageCategoryVS (extensible)
* subject 1..1 MS
* subject only Reference(Patient)
* topic MS
* topic ^short = "Subject line (topic.text)"
* sent MS
* received MS
* sender 1..1 MS
* sender only Reference(Patient or RelatedPerson or Practitioner or PractitionerRole or Organization)
* recipient 1..* MS
* recipient only Reference(Patient or RelatedPerson or Practitioner or PractitionerRole or Organization or CareTeam or Group)
* payload 1..* MS
* payload.content[x] only string or Attachment
* payload.content[x] MS
* inResponseTo MS
* inResponseTo only Reference(Communication)
* inResponseTo ^short = "The message this one answers (threads a conversation)"
* basedOn MS

Instance: portal-message-example
InstanceOf: PortalMessage
Usage: #example
Title: "A patient asks about a dose"
Description: "Amy Shaw asks Dr Adam Careful whether to take her metformin with food."
* status = #completed
* category = PortalMessageCategories#medication "Medication"
* subject = Reference(portal-patient-example)
* topic.text = "Metformin with food?"
* sent = "2026-03-02T09:20:00Z"
* sender = Reference(portal-patient-example)
* recipient = Reference(portal-practitioner-example)
* payload.contentString = "Hello Dr Careful, should I take the metformin with breakfast or before it? Thanks, Amy"

Instance: portal-message-reply-example
InstanceOf: PortalMessage
Usage: #example
Title: "The doctor answers"
Description: "Dr Careful answers Amy Shaw's question, in the same thread."
* status = #completed
* category = PortalMessageCategories#medication "Medication"
* subject = Reference(portal-patient-example)
* topic.text = "Re: Metformin with food?"
* sent = "2026-03-02T14:05:00Z"
* sender = Reference(portal-practitioner-example)
* recipient = Reference(portal-patient-example)
* inResponseTo = Reference(portal-message-example)
* payload.contentString = "Hello Amy, take it with breakfast: it is easier on the stomach. Dr Careful"

Instance: Communication-in-response-to
InstanceOf: SearchParameter
Usage: #definition
Title: "Communication in-response-to"
Description: "Find the replies in a thread: Communication?in-response-to=Communication/123 returns the messages that answer message 123 (FHIR R4 defines no search on Communication.inResponseTo)."
* insert PortalDefinitionInstance
* url = "http://fhirportal.org/fhir/SearchParameter/Communication-in-response-to"
* name = "in-response-to"
* description = "The message a message answers (Communication.inResponseTo): Communication?in-response-to=Communication/123 finds the replies to message 123, within the caller's reach."
* code = #in-response-to
* base = #Communication
* type = #reference
* expression = "Communication.inResponseTo"
* xpathUsage = #normal
* target = #Communication
* multipleOr = true
* multipleAnd = true
