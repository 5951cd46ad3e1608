package org.fhirportal.server.demo;

import java.time.LocalDate;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;

/**
 * Assembles the transaction bundle of one patient. The order of generation steps is fixed because
 * all of them draw from the patient's single random stream.
 */
final class PatientBundleFactory {

	private final long seed;
	private final LocalDate anchor;
	private final DemoDirectory directory;

	PatientBundleFactory(long seed, LocalDate anchor, DemoDirectory directory) {
		this.seed = seed;
		this.anchor = anchor;
		this.directory = directory;
	}

	Bundle build(int index) {
		DemoPatient p = new DemoPatient(seed, index, anchor, directory);
		ClinicalDataFactory.planVisits(p);
		TransactionBuilder tx = new TransactionBuilder();
		PatientFactory.addPatient(tx, p);
		ClinicalDataFactory.Baselines vitals = new ClinicalDataFactory.Baselines(p);
		LabPanels labs = new LabPanels(p);
		for (DemoPatient.Visit visit : p.visits) {
			Reference appointment = visit.inpatient ? null : SchedulingFactory.addFulfilled(tx, p, visit);
			ClinicalDataFactory.addEncounter(tx, p, visit, appointment);
			ClinicalDataFactory.addVitals(tx, p, visit, vitals);
			labs.addDraw(tx, visit);
		}
		MedicationFactory.addMedications(tx, p);
		DocumentFactory.addDischargeSummaries(tx, p);
		SchedulingFactory.addBooked(tx, p, 1 + p.random.nextInt(2));
		CommunicationFactory.addMessages(tx, p);
		PatientFactory.addCareTeam(tx, p);
		ToDoFactory.addQuestionnaireTask(tx, p);
		return tx.build();
	}
}
