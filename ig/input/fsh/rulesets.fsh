// Metadata shared by every conformance resource of the IG. HAPI's package installer skips resources whose
// status is not active, so every definition here is active.
RuleSet: PortalDefinition
* ^status = #active
* ^experimental = false
* ^publisher = "FHIR Portal Server project"
* ^contact.name = "FHIR Portal Server project"
* ^contact.telecom.system = #url
* ^contact.telecom.value = "http://fhirportal.org"

// The same metadata for definitional instances (OperationDefinition, SearchParameter, CapabilityStatement).
RuleSet: PortalDefinitionInstance
* status = #active
* experimental = false
* publisher = "FHIR Portal Server project"
* contact.name = "FHIR Portal Server project"
* contact.telecom.system = #url
* contact.telecom.value = "http://fhirportal.org"

// One parameter of an OperationDefinition: name, direction, cardinality, type and what it means.
RuleSet: OperationParameter(name, use, min, max, type, documentation)
* parameter[+].name = #{name}
* parameter[=].use = #{use}
* parameter[=].min = {min}
* parameter[=].max = "{max}"
* parameter[=].type = #{type}
* parameter[=].documentation = "{documentation}"
