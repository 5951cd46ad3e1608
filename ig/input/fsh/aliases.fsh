// Code systems and canonical URLs used across the IG.
Alias: $audit-event-type = http://terminology.hl7.org/CodeSystem/audit-event-type
Alias: $restful-interaction = http://hl7.org/fhir/restful-interaction
Alias: $audit-event-action = http://hl7.org/fhir/audit-event-action
Alias: $audit-entity-type = http://terminology.hl7.org/CodeSystem/audit-entity-type
Alias: $object-role = http://terminology.hl7.org/CodeSystem/object-role
Alias: $dcm = http://dicom.nema.org/resources/ontology/DCM
Alias: $v3-ParticipationType = http://terminology.hl7.org/CodeSystem/v3-ParticipationType
Alias: $extra-security-role-type = http://terminology.hl7.org/CodeSystem/extra-security-role-type
Alias: $task-status = http://hl7.org/fhir/task-status
Alias: $restful-security-service = http://terminology.hl7.org/CodeSystem/restful-security-service
Alias: $appointment-cancellation-reason = http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason
Alias: $v3-ActReason = http://terminology.hl7.org/CodeSystem/v3-ActReason
Alias: $rxnorm = http://www.nlm.nih.gov/research/umls/rxnorm
Alias: $service-type = http://terminology.hl7.org/CodeSystem/service-type
