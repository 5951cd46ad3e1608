package org.fhirportal.server.demo;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * Discharge summaries: one current DocumentReference (LOINC 18842-5) per inpatient encounter, with
 * the plain-text summary inlined as base64 attachment data and {@code context.encounter} pointing at
 * the stay.
 */
final class DocumentFactory {

	private static final String DOC_CATEGORY =
			"http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";
	private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);

	private DocumentFactory() {
	}

	static void addDischargeSummaries(TransactionBuilder tx, DemoPatient p) {
		for (DemoPatient.Visit stay : p.inpatientVisits()) {
			OffsetDateTime signed = stay.end.plusHours(3);
			String text = summaryText(p, stay);
			DocumentReference doc = new DocumentReference();
			doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
			doc.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
			doc.setType(ClinicalDataFactory.loinc("18842-5", "Discharge summary"));
			doc.addCategory(new CodeableConcept(new Coding(DOC_CATEGORY, "clinical-note", "Clinical Note")));
			doc.setSubject(p.ref());
			doc.setDateElement(DemoTime.instant(signed));
			doc.addAuthor(stay.clinician.reference());
			doc.setAuthenticator(stay.clinician.reference());
			doc.setCustodian(stay.clinician.facility().organizationReference());
			doc.setDescription("Discharge summary, " + stay.clinician.facility().name());
			doc.addContent().setAttachment(new Attachment()
					.setContentType("text/plain")
					.setLanguage("en-US")
					.setData(text.getBytes(StandardCharsets.UTF_8))
					.setSize(text.getBytes(StandardCharsets.UTF_8).length)
					.setTitle("Discharge summary")
					.setCreationElement(DemoTime.dateTime(signed)));
			DocumentReference.DocumentReferenceContextComponent context = doc.getContext();
			context.addEncounter(stay.reference.copy());
			context.setPeriod(DemoTime.period(stay.start, stay.end));
			context.setPracticeSetting(new CodeableConcept(new Coding(SharedResourcesFactory.SNOMED,
					stay.clinician.specialty().code, stay.clinician.specialty().display)));
			tx.put(doc, p.id("docref", stay.key()));
		}
	}

	static String summaryText(DemoPatient p, DemoPatient.Visit stay) {
		String[] reason = ClinicalDataFactory.admissionReason(p, stay);
		long days = java.time.Duration.between(stay.start.toLocalDate().atStartOfDay(),
				stay.end.toLocalDate().atStartOfDay()).toDays();
		StringBuilder sb = new StringBuilder();
		sb.append("DISCHARGE SUMMARY\n");
		sb.append(stay.clinician.facility().name()).append("\n\n");
		sb.append("Patient: ").append(p.displayName()).append(" (MRN ").append(p.idPrefix).append(")\n");
		sb.append("Date of birth: ").append(p.birthDate).append("\n");
		sb.append("Admitted: ").append(HUMAN.format(stay.start)).append("\n");
		sb.append("Discharged: ").append(HUMAN.format(stay.end)).append(" (length of stay ").append(days)
				.append(" days)\n");
		sb.append("Attending physician: ").append(stay.clinician.display()).append("\n\n");
		sb.append("Principal diagnosis: ").append(reason[1]).append("\n");
		if (!p.conditions.isEmpty()) {
			sb.append("Chronic conditions: ");
			sb.append(String.join(", ", p.conditions.stream().map(c -> c.display).toList())).append("\n");
		}
		sb.append("\nHospital course:\n");
		sb.append("The patient was admitted for management of ").append(reason[1].toLowerCase(Locale.ROOT))
				.append(". Treatment was started on the day of admission and the patient improved steadily. ")
				.append("Vital signs were stable for more than 24 hours before discharge.\n\n");
		sb.append("Condition at discharge: stable.\nDisposition: home.\n\n");
		sb.append("Follow-up: see ").append(p.gp.display()).append(" at ").append(p.gp.facility().name())
				.append(" within 7-14 days. Return to the emergency department if symptoms worsen.\n");
		return sb.toString();
	}
}
