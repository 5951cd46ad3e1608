// The parts of FHIR R4 resources the portal reads. Hand-written: the app needs a few fields of a few types, and a
// full FHIR type package would be larger than the app.

export interface Coding { system?: string; code?: string; display?: string }
export interface CodeableConcept { coding?: Coding[]; text?: string }
export interface Reference { reference?: string; display?: string }
export interface Quantity { value?: number; unit?: string; code?: string; system?: string }
export interface Period { start?: string; end?: string }
export interface HumanName { text?: string; family?: string; given?: string[]; prefix?: string[] }
export interface Attachment { contentType?: string; data?: string; url?: string; title?: string; size?: number; creation?: string }

export interface Resource { resourceType: string; id?: string; meta?: { lastUpdated?: string; profile?: string[]; tag?: Coding[] } }

export interface Patient extends Resource {
  resourceType: "Patient";
  name?: HumanName[];
  birthDate?: string;
  generalPractitioner?: Reference[];
}

export interface Observation extends Resource {
  resourceType: "Observation";
  status?: string;
  code: CodeableConcept;
  category?: CodeableConcept[];
  effectiveDateTime?: string;
  issued?: string;
  valueQuantity?: Quantity;
  valueString?: string;
  interpretation?: CodeableConcept[];
  referenceRange?: { low?: Quantity; high?: Quantity; text?: string }[];
}

export interface MedicationRequest extends Resource {
  resourceType: "MedicationRequest";
  status?: string;
  intent?: string;
  medicationCodeableConcept?: CodeableConcept;
  authoredOn?: string;
  requester?: Reference;
  dosageInstruction?: { text?: string }[];
  dispenseRequest?: { numberOfRepeatsAllowed?: number };
}

export interface Task extends Resource {
  resourceType: "Task";
  status?: string;
  statusReason?: CodeableConcept;
  code?: CodeableConcept;
  description?: string;
  owner?: Reference;
  restriction?: { period?: Period };
  focus?: Reference;
  authoredOn?: string;
  lastModified?: string;
}

export interface DocumentReference extends Resource {
  resourceType: "DocumentReference";
  status?: string;
  type?: CodeableConcept;
  date?: string;
  description?: string;
  author?: Reference[];
  content: { attachment: Attachment }[];
  context?: { period?: Period; encounter?: Reference[] };
}

export interface Encounter extends Resource {
  resourceType: "Encounter";
  status?: string;
  class?: Coding;
  type?: CodeableConcept[];
  period?: Period;
  reasonCode?: CodeableConcept[];
  serviceProvider?: Reference;
}

export interface Appointment extends Resource {
  resourceType: "Appointment";
  status?: string;
  appointmentType?: CodeableConcept;
  serviceType?: CodeableConcept[];
  description?: string;
  start?: string;
  end?: string;
  comment?: string;
  participant?: { actor?: Reference; status?: string }[];
}

export interface Communication extends Resource {
  resourceType: "Communication";
  status?: string;
  category?: CodeableConcept[];
  subject?: Reference;
  topic?: CodeableConcept;
  sent?: string;
  received?: string;
  sender?: Reference;
  recipient?: Reference[];
  inResponseTo?: Reference[];
  payload?: { contentString?: string; contentAttachment?: Attachment }[];
}

export interface OperationOutcome extends Resource {
  resourceType: "OperationOutcome";
  issue?: { severity?: string; code?: string; diagnostics?: string; details?: CodeableConcept }[];
}

export interface Bundle<T extends Resource = Resource> extends Resource {
  resourceType: "Bundle";
  total?: number;
  entry?: { resource?: T; search?: { mode?: string } }[];
  link?: { relation: string; url: string }[];
}

export interface Slot extends Resource {
  resourceType: "Slot";
  status?: string;
  start?: string;
  end?: string;
  schedule?: Reference;
  serviceType?: CodeableConcept[];
  appointmentType?: CodeableConcept;
}

export interface Schedule extends Resource {
  resourceType: "Schedule";
  actor?: Reference[];
  specialty?: CodeableConcept[];
}

export interface Practitioner extends Resource {
  resourceType: "Practitioner";
  name?: HumanName[];
}

export interface Location extends Resource {
  resourceType: "Location";
  name?: string;
  address?: { text?: string; line?: string[]; city?: string; postalCode?: string };
}

export interface AuditEvent extends Resource {
  resourceType: "AuditEvent";
  recorded?: string;
  action?: string;
  outcome?: string;
  type?: Coding;
  subtype?: Coding[];
  agent?: { who?: Reference; name?: string; requestor?: boolean; type?: CodeableConcept }[];
  entity?: { what?: Reference; name?: string }[];
}
