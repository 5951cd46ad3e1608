package org.fhirportal.extensions.analytics.synthetic;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** The FHIR resources of a {@link SyntheticActivity.Clinical}: Conditions, MedicationDispenses, lab Observations, Encounters. */
final class SyntheticClinicalResources {

	private static final String UCUM = "http://unitsofmeasure.org";
	private static final String SNOMED = "http://snomed.info/sct";

	private SyntheticClinicalResources() {}

	static void addTo(List<Resource> resources, SyntheticActivity.Clinical clinical) {
		for (SyntheticActivity.Condition c : clinical.conditions()) {
			Condition condition = new Condition().setSubject(patient(c.patientId()))
					.setCode(new CodeableConcept(new Coding(SNOMED, c.code(), c.display())))
					.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"))
					.setVerificationStatus(concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"))
					.setOnset(new DateTimeType(c.onset().toString()));
			condition.addCategory(concept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item"));
			resources.add(condition.setId(c.ref()));
		}
		for (SyntheticActivity.Dispense d : clinical.dispenses()) {
			MedicationDispense dispense = new MedicationDispense().setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED)
					.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "860975", "metformin 500 MG")))
					.setSubject(patient(d.patientId())).setWhenHandedOver(Date.from(d.handedOver()))
					.setDaysSupply(new Quantity().setValue(d.daysSupply()).setUnit("d").setSystem(UCUM).setCode("d"));
			dispense.addAuthorizingPrescription(new Reference(d.medicationRequest()));
			resources.add(dispense.setId(d.ref()));
		}
		for (SyntheticActivity.LabValue v : clinical.labValues()) {
			Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
					.setCode(new CodeableConcept(new Coding("http://loinc.org", v.loinc(), v.display()))).setSubject(patient(v.patientId()))
					.setEffective(new DateTimeType(Date.from(v.effective()))).setIssued(Date.from(v.effective().plus(Duration.ofHours(4))))
					.setValue(new Quantity().setValue(v.value()).setUnit(v.unit()).setSystem(UCUM).setCode(v.unit()));
			observation.addCategory(concept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory"));
			if (!Double.isNaN(v.low())) {
				observation.addReferenceRange().setLow(new Quantity().setValue(v.low()).setUnit(v.unit()).setSystem(UCUM).setCode(v.unit()))
						.setHigh(new Quantity().setValue(v.high()).setUnit(v.unit()).setSystem(UCUM).setCode(v.unit()));
			}
			v.interpretation().ifPresent(code -> observation.addInterpretation(
					concept("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", code)));
			resources.add(observation.setId(v.ref()));
		}
		for (SyntheticActivity.Encounter e : clinical.encounters()) {
			Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
					.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
					.setSubject(patient(e.patientId()))
					.setPeriod(new Period().setStart(Date.from(e.start())).setEnd(Date.from(e.start().plus(Duration.ofMinutes(20)))));
			resources.add(encounter.setId(e.ref()));
		}
	}

	private static Reference patient(String id) {
		return new Reference("Patient/" + id);
	}

	private static CodeableConcept concept(String system, String code) {
		return new CodeableConcept(new Coding(system, code, null));
	}
}
