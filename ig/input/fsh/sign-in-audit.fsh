// Audit of sign-in and sign-out at the portal's authorization server (DICOM "User Authentication" events,
// as IHE ATNA and BALP record them).

Extension: AuthenticationMethod
Id: authentication-method
Title: "Authentication method"
Description: "How the user proved who they are at sign-in: password alone, with a one-time code, with a security key, or through a federated identity provider."
Context: AuditEvent
* insert PortalDefinition
* value[x] 1..1
* value[x] only Coding
* valueCoding from PortalAuthenticationMethodVS (required)

Invariant: portal-sign-in-1
Description: "A successful sign-in names the user who signed in."
Expression: "outcome = '0' implies agent.where(requestor = true and who.exists()).exists()"
Severity: #error

Profile: PortalSignInAudit
Parent: AuditEvent
Id: portal-sign-in-audit
Title: "Portal sign-in audit"
Description: """
The record of a user signing in to or out of the portal: who tried (patient, caregiver or clinician), from which
client and address, how they authenticated, and whether it worked. A failed attempt names the login that was
tried (agent.name) and a failure outcome.
"""
* insert PortalDefinition
* obeys portal-sign-in-1
* extension contains AuthenticationMethod named authenticationMethod 0..1 MS
* type 1..1 MS
* type = $dcm#110114 "User Authentication"
* subtype 1..1 MS
* subtype from PortalSignInSubtypeVS (required)
* action 1..1 MS
* action = #E
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
* agent ^slicing.description = "The user who signed in and the client application they used."
* agent contains user 1..1 MS and client 0..1 MS
* agent[user] ^short = "The person signing in"
* agent[user].type 1..1
* agent[user].type = $extra-security-role-type#humanuser "human user"
* agent[user].who MS
* agent[user].who only Reference(Patient or RelatedPerson or Practitioner or PractitionerRole)
* agent[user].name MS
* agent[user].name ^short = "The login name that was tried"
* agent[user].requestor = true
* agent[user].network MS
* agent[client] ^short = "The client application the user signed in to (SMART client)"
* agent[client].type 1..1
* agent[client].type = $dcm#110150 "Application"
* agent[client].who 1..1 MS
* agent[client].who only Reference(Device)
* agent[client].requestor = false

Instance: sign-in-audit-example
InstanceOf: PortalSignInAudit
Usage: #example
Title: "A patient signs in with a one-time code"
Description: "Amy Shaw signed in to the portal web app with her password and an authenticator code."
* extension[authenticationMethod].valueCoding = PortalAuthenticationMethods#password-totp "Password and one-time code"
* subtype = $dcm#110122 "Login"
* recorded = "2026-03-02T09:14:02.005Z"
* outcome = #0
* source.observer = Reference(portal-server-example)
* agent[user].who = Reference(portal-patient-example)
* agent[user].name = "amy.shaw@example.org"
* agent[user].network.address = "203.0.113.24"
* agent[user].network.type = #2
* agent[client].who.identifier.system = "http://fhirportal.org/fhir/sid/smart-client-id"
* agent[client].who.identifier.value = "portal-web"

Instance: failed-sign-in-audit-example
InstanceOf: PortalSignInAudit
Usage: #example
Title: "A failed sign-in"
Description: "Someone tried to sign in as Amy Shaw with a wrong password."
* subtype = $dcm#110122 "Login"
* recorded = "2026-03-02T08:59:40.512Z"
* outcome = #4
* outcomeDesc = "invalid credentials"
* source.observer = Reference(portal-server-example)
* agent[user].name = "amy.shaw@example.org"
* agent[user].network.address = "198.51.100.7"
* agent[user].network.type = #2
