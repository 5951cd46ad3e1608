// Code systems and value sets of the portal.

CodeSystem: PortalTaskCodes
Id: portal-task-codes
Title: "Portal task codes"
Description: "Kinds of Task that patients start through the portal."
* insert PortalDefinition
* ^caseSensitive = true
* #refill-request "Medication refill request" "The patient asks the prescriber to renew or refill a medication order (Task.focus names the MedicationRequest)."

CodeSystem: PortalMessageStatus
Id: portal-message-status
Title: "Portal message status"
Description: "Tags the server puts on secure messages (meta.tag): _tag=http://fhirportal.org/fhir/CodeSystem/portal-message-status|unread counts a recipient's unread messages."
* insert PortalDefinition
* ^caseSensitive = true
* #unread "Unread" "No recipient has read the message yet; removed when a recipient reads it (and Communication.received is set)."

CodeSystem: PortalReleaseStatus
Id: portal-release-status
Title: "Portal release status"
Description: "The security label (meta.security) of results held back from the patient until a clinician releases them ($release)."
* insert PortalDefinition
* ^caseSensitive = true
* #held "Held until released to the patient" "A result of a held category, invisible to patient tokens until released."

CodeSystem: PortalMessageCategories
Id: portal-message-categories
Title: "Portal message categories"
Description: "What a secure message between a patient and the care team is about; the portal routes messages by it."
* insert PortalDefinition
* ^caseSensitive = true
* #clinical-question "Clinical question" "A question about the patient's health or care."
* #medication "Medication" "A question about a medication or prescription."
* #appointment "Appointment" "A question about an appointment or scheduling."
* #test-result "Test result" "A question about a test result."
* #billing "Billing" "A question about a bill or insurance."
* #administrative "Administrative" "Anything else: address changes, forms, records requests."

CodeSystem: PortalAuthenticationMethods
Id: portal-authentication-methods
Title: "Portal authentication methods"
Description: "How a user proved who they are when signing in to the portal."
* insert PortalDefinition
* ^caseSensitive = true
* #password "Password" "Something the user knows: a password alone."
* #password-totp "Password and one-time code" "A password and a time-based one-time code (RFC 6238) from an authenticator app."
* #password-webauthn "Password and security key" "A password and a WebAuthn authenticator."
* #federated "Federated sign-in" "An external identity provider (OpenID Connect) vouched for the user."

ValueSet: PortalMessageCategoryVS
Id: portal-message-category
Title: "Portal message category"
Description: "The categories a portal message may carry."
* insert PortalDefinition
* include codes from system PortalMessageCategories

ValueSet: PortalAuthenticationMethodVS
Id: portal-authentication-method
Title: "Portal authentication method"
Description: "The ways a user may sign in to the portal."
* insert PortalDefinition
* include codes from system PortalAuthenticationMethods

ValueSet: PortalRefillStatusVS
Id: portal-refill-status
Title: "Refill request status"
Description: "The life of a refill request: the patient asks (requested), the practice accepts or rejects it, the prescriber completes it, or the patient cancels it."
* insert PortalDefinition
* $task-status#requested "Requested"
* $task-status#accepted "Accepted"
* $task-status#rejected "Rejected"
* $task-status#completed "Completed"
* $task-status#cancelled "Cancelled"

ValueSet: PortalReadInteractionVS
Id: portal-read-interaction
Title: "Audited read interactions"
Description: "The RESTful interactions that read data and are therefore recorded by a PortalReadAudit (IHE BALP's read and query patterns)."
* insert PortalDefinition
* $restful-interaction#read "read"
* $restful-interaction#vread "vread"
* $restful-interaction#history-instance "history-instance"
* $restful-interaction#history-type "history-type"
* $restful-interaction#history-system "history-system"
* $restful-interaction#search-type "search-type"
* $restful-interaction#search-system "search-system"
* $restful-interaction#operation "operation"

ValueSet: PortalReadActionVS
Id: portal-read-action
Title: "Audited read actions"
Description: "Read (R) for reads of known resources, Execute (E) for queries and operations, as IHE BALP records them."
* insert PortalDefinition
* $audit-event-action#R "Read/View/Print"
* $audit-event-action#E "Execute"

ValueSet: PortalSignInSubtypeVS
Id: portal-sign-in-subtype
Title: "Sign-in event subtypes"
Description: "DICOM's user authentication event subtypes: login and logout."
* insert PortalDefinition
* $dcm#110122 "Login"
* $dcm#110123 "Logout"
