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

// A parameter made of parts (so it has no type).
RuleSet: OperationParameterWithParts(name, use, min, max, documentation)
* parameter[+].name = #{name}
* parameter[=].use = #{use}
* parameter[=].min = {min}
* parameter[=].max = "{max}"
* parameter[=].documentation = "{documentation}"

// A part of the last parameter.
RuleSet: OperationPart(name, min, max, type, documentation)
* parameter[=].part[+].name = #{name}
* parameter[=].part[=].use = #out
* parameter[=].part[=].min = {min}
* parameter[=].part[=].max = "{max}"
* parameter[=].part[=].type = #{type}
* parameter[=].part[=].documentation = "{documentation}"

// A part of the last parameter made of parts (so it has no type).
RuleSet: OperationPartWithParts(name, min, max, documentation)
* parameter[=].part[+].name = #{name}
* parameter[=].part[=].use = #out
* parameter[=].part[=].min = {min}
* parameter[=].part[=].max = "{max}"
* parameter[=].part[=].documentation = "{documentation}"

// A part of the last part of the last parameter (always 1..1).
RuleSet: OperationMonthPart(name, type, documentation)
* parameter[=].part[=].part[+].name = #{name}
* parameter[=].part[=].part[=].use = #out
* parameter[=].part[=].part[=].min = 1
* parameter[=].part[=].part[=].max = "1"
* parameter[=].part[=].part[=].type = #{type}
* parameter[=].part[=].part[=].documentation = "{documentation}"
