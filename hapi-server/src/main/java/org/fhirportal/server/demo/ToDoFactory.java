package org.fhirportal.server.demo;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Task;

/**
 * The patient's to-dos: a Task the practice gives the patient (owner: the patient), here to fill in a health
 * questionnaire before the next visit, which the portal's home screen lists. Draws nothing from the patient's random
 * stream, so the rest of the record stays as it was.
 */
final class ToDoFactory {

	private ToDoFactory() {
	}

	static void addQuestionnaireTask(TransactionBuilder tx, DemoPatient patient) {
		Task task = new Task();
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(new CodeableConcept().setText("Fill in a questionnaire"));
		task.setDescription("Please fill in the health questionnaire before your next visit.");
		task.setFor(patient.ref());
		task.setOwner(patient.ref());
		task.setRequester(patient.gp.reference());
		task.setAuthoredOnElement(DemoTime.dateTime(DemoTime.at(patient.anchor.minusDays(2), 9, 0)));
		task.setRestriction(new Task.TaskRestrictionComponent().setPeriod(new Period()
				.setEndElement(DemoTime.dateTime(DemoTime.at(patient.anchor.plusDays(14), 17, 0)))));
		tx.put(task, patient.id("task", "questionnaire"));
	}
}
