package org.fhirportal.server.demo;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;

/**
 * Secure messages between the patient and the GP (completed Communications): a three-message
 * thread about the latest lab results chained with {@code inResponseTo}, a refill request from the
 * patient and an appointment reminder from the practice.
 */
final class CommunicationFactory {

	private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/communication-category";
	private static final String MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";
	private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);

	private CommunicationFactory() {
	}

	static void addMessages(TransactionBuilder tx, DemoPatient p) {
		DemoPatient.Visit last = p.lastVisit();
		OffsetDateTime resultsOut = DemoTime.at(last.start.toLocalDate().plusDays(1), 16, 10);
		String doctor = p.gp.display();

		Reference first = add(tx, p, 1, true, resultsOut, "notification", "Lab results", null,
				"Hello " + p.given + ", your lab results from your visit on " + HUMAN.format(last.start)
						+ " are now available in the portal. Overall they look stable; we will review the details"
						+ " at your next appointment. Please write back if you have questions. - " + doctor);
		Reference question = add(tx, p, 2, false, resultsOut.plusDays(1).plusHours(3), "notification", "Lab results",
				first, "Thank you, doctor. Should I change anything in my diet before the next blood test?");
		add(tx, p, 3, true, resultsOut.plusDays(2).minusHours(7), "instruction", "Lab results", question,
				"Keep a balanced diet, limit sugary drinks and try to walk 30 minutes a day. Please fast for 8 hours"
						+ " before your next blood draw. - " + doctor);

		DemoPatient.Visit middle = p.visits.get(p.visits.size() / 2);
		add(tx, p, 4, false, DemoTime.at(middle.end.toLocalDate().plusDays(5), 8, 45), "notification",
				"Prescription refill", null,
				"Hello, could you please renew my prescription? I have about one week of tablets left. Thank you, "
						+ p.displayName());
		add(tx, p, 5, true, DemoTime.at(p.anchor.minusDays(1), 9, 0), "reminder", "Appointment reminder", null,
				"Reminder: you have an upcoming appointment at " + p.gp.facility().name()
						+ ". You can review or cancel it in the portal. - " + doctor + "'s office");
	}

	private static Reference add(TransactionBuilder tx, DemoPatient p, int n, boolean fromPractice,
			OffsetDateTime sent, String category, String topic, Reference inResponseTo, String text) {
		Communication c = new Communication();
		c.setStatus(Communication.CommunicationStatus.COMPLETED);
		c.addCategory(new CodeableConcept(new Coding(CATEGORY, category, capitalize(category))));
		c.addMedium(new CodeableConcept(new Coding(MODE, "ELECTRONIC", "electronic data")));
		c.setSubject(p.ref());
		c.setTopic(new CodeableConcept().setText(topic));
		c.setSentElement(DemoTime.dateTime(sent));
		c.setReceivedElement(DemoTime.dateTime(sent.plusMinutes(1)));
		if (fromPractice) {
			c.setSender(p.gp.reference());
			c.addRecipient(p.ref());
		} else {
			c.setSender(p.ref());
			c.addRecipient(p.gp.reference());
		}
		if (inResponseTo != null) {
			c.addInResponseTo(inResponseTo.copy());
		}
		c.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(text));
		return tx.put(c, p.id("comm", n));
	}

	private static String capitalize(String s) {
		return Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}
}
