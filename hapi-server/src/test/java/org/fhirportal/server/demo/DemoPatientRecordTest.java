package org.fhirportal.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fhirportal.server.demo.DemoPopulationTest.ofType;
import static org.fhirportal.server.demo.DemoPopulationTest.resources;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Content of every generated patient record: what a portal needs to show is present. */
class DemoPatientRecordTest {

	private static final LocalDate ANCHOR = LocalDate.of(2026, 1, 5);
	private static final Instant ANCHOR_INSTANT = ANCHOR.atStartOfDay().toInstant(DemoPopulation.ZONE);
	private static DemoPopulation population;

	@BeforeAll
	static void generate() {
		population = DemoPopulation.generate(42, DemoPopulation.DEFAULT_PATIENT_COUNT, ANCHOR);
	}

	@Test
	void patientWhenGeneratedThenHasDemographicsMrnAndGeneralPractitioner() {
		for (Bundle bundle : population.patientBundles()) {
			List<Resource> patients = ofType(resources(bundle), "Patient");
			assertThat(patients).hasSize(1);
			Patient p = (Patient) patients.get(0);
			assertThat(p.getNameFirstRep().getFamily()).isNotBlank();
			assertThat(p.hasGender()).isTrue();
			assertThat(p.getBirthDate()).isNotNull();
			assertThat(p.getAddress()).isNotEmpty();
			assertThat(p.getTelecom()).isNotEmpty();
			assertThat(p.getIdentifier()).anySatisfy(id -> assertThat(id.getSystem()).isEqualTo(DemoIds.MRN_SYSTEM));
			assertThat(p.getGeneralPractitionerFirstRep().getReference()).startsWith("Practitioner?identifier=");
			assertThat(p.getManagingOrganization().getReference()).startsWith("Organization?identifier=");
		}
	}

	@Test
	void encountersWhenGeneratedThenThreeToSixFinishedInThePastWithOneInpatientStay() {
		for (Bundle bundle : population.patientBundles()) {
			List<Encounter> encounters = typed(bundle, Encounter.class);
			assertThat(encounters).hasSizeBetween(3, 6);
			assertThat(encounters).allSatisfy(e -> {
				assertThat(e.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
				assertThat(e.getParticipantFirstRep().getIndividual().getReference()).startsWith("Practitioner?");
				assertThat(e.getPeriod().getEnd().toInstant()).isBefore(ANCHOR_INSTANT);
			});
			assertThat(encounters).filteredOn(e -> "IMP".equals(e.getClass_().getCode())).hasSize(1);
		}
	}

	@Test
	void labsWhenGeneratedThenEachCodeHasAtLeastThreeDatesForTrendCharts() {
		for (Bundle bundle : population.patientBundles()) {
			Map<String, Integer> perCode = countByCode(typed(bundle, Observation.class), "laboratory");
			assertThat(perCode).containsKeys("2345-7", "4548-4", "2093-3", "718-7");
			assertThat(perCode.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3));
			assertThat(typed(bundle, Observation.class)).filteredOn(o -> isCategory(o, "laboratory"))
					.allSatisfy(o -> {
						assertThat(o.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
						assertThat(o.getReferenceRange()).isNotEmpty();
					});
		}
	}

	@Test
	void vitalsWhenGeneratedThenHeartRateBloodPressureWeightAndHeightPerVisit() {
		for (Bundle bundle : population.patientBundles()) {
			List<Observation> observations = typed(bundle, Observation.class);
			Map<String, Integer> perCode = countByCode(observations, "vital-signs");
			assertThat(perCode).containsOnlyKeys("8867-4", "85354-9", "29463-7", "8302-2");
			assertThat(observations).filteredOn(o -> "85354-9".equals(o.getCode().getCodingFirstRep().getCode()))
					.allSatisfy(bp -> assertThat(bp.getComponent()).extracting(c -> c.getCode().getCodingFirstRep()
							.getCode()).containsExactly("8480-6", "8462-4"));
		}
	}

	@Test
	void diagnosticReportsWhenGeneratedThenFinalLabReportsPointingAtLabObservations() {
		for (Bundle bundle : population.patientBundles()) {
			Map<String, Resource> byFullUrl = new HashMap<>();
			bundle.getEntry().forEach(e -> byFullUrl.put(e.getFullUrl(), e.getResource()));
			List<DiagnosticReport> reports = typed(bundle, DiagnosticReport.class);
			assertThat(reports).isNotEmpty().allSatisfy(r -> {
				assertThat(r.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
				assertThat(r.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("LAB");
				assertThat(r.getIssued()).isNotNull();
				assertThat(r.getResult()).isNotEmpty().allSatisfy(ref -> assertThat(
						isCategory((Observation) byFullUrl.get(ref.getReference()), "laboratory")).isTrue());
			});
		}
	}

	@Test
	void medicationsWhenGeneratedThenActiveAndCompletedRxNormRequests() {
		for (Bundle bundle : population.patientBundles()) {
			List<MedicationRequest> meds = typed(bundle, MedicationRequest.class);
			assertThat(meds).extracting(MedicationRequest::getStatus)
					.contains(MedicationRequest.MedicationRequestStatus.ACTIVE,
							MedicationRequest.MedicationRequestStatus.COMPLETED);
			assertThat(meds).allSatisfy(m -> {
				assertThat(m.getMedicationCodeableConcept().getCodingFirstRep().getSystem())
						.isEqualTo(MedicationFactory.RXNORM);
				assertThat(m.getRequester().getReference()).startsWith("Practitioner?");
				assertThat(m.getDosageInstructionFirstRep().getText()).isNotBlank();
				assertThat(m.getDispenseRequest().hasNumberOfRepeatsAllowed()).isTrue();
			});
		}
	}

	@Test
	void appointmentsWhenGeneratedThenFulfilledInThePastAndBookedInTheFuture() {
		for (Bundle bundle : population.patientBundles()) {
			List<Appointment> appts = typed(bundle, Appointment.class);
			assertThat(appts).filteredOn(a -> a.getStatus() == Appointment.AppointmentStatus.BOOKED).isNotEmpty()
					.allSatisfy(a -> assertThat(a.getStart().toInstant()).isAfter(ANCHOR_INSTANT));
			assertThat(appts).filteredOn(a -> a.getStatus() == Appointment.AppointmentStatus.FULFILLED).isNotEmpty()
					.allSatisfy(a -> assertThat(a.getEnd().toInstant()).isBefore(ANCHOR_INSTANT));
			assertThat(appts).allSatisfy(a -> assertThat(a.getParticipant())
					.extracting(p -> p.getActor().getReference())
					.anyMatch(r -> r.startsWith("urn:uuid:"))
					.anyMatch(r -> r.startsWith("Practitioner?")));
		}
	}

	@Test
	void communicationsWhenGeneratedThenBothDirectionsAndAReplyThread() {
		for (Bundle bundle : population.patientBundles()) {
			List<Communication> messages = typed(bundle, Communication.class);
			assertThat(messages).allSatisfy(c -> {
				assertThat(c.getStatus()).isEqualTo(Communication.CommunicationStatus.COMPLETED);
				assertThat(c.getSent()).isNotNull().isBefore(java.util.Date.from(ANCHOR_INSTANT));
				assertThat(c.getPayloadFirstRep().getContentStringType().getValue()).isNotBlank();
			});
			assertThat(messages).anyMatch(c -> c.getSender().getReference().startsWith("Practitioner?"))
					.anyMatch(c -> c.getSender().getReference().startsWith("urn:uuid:"));
			assertThat(messages).filteredOn(Communication::hasInResponseTo).hasSizeGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void documentReferencesWhenGeneratedThenDischargeSummaryOfTheInpatientStay() {
		for (Bundle bundle : population.patientBundles()) {
			Map<String, Resource> byFullUrl = new HashMap<>();
			bundle.getEntry().forEach(e -> byFullUrl.put(e.getFullUrl(), e.getResource()));
			List<DocumentReference> docs = typed(bundle, DocumentReference.class);
			assertThat(docs).isNotEmpty().allSatisfy(d -> {
				assertThat(d.getType().getCodingFirstRep().getCode()).isEqualTo("18842-5");
				assertThat(d.getStatus()).isEqualTo(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
				assertThat(d.getContentFirstRep().getAttachment().getContentType()).isEqualTo("text/plain");
				assertThat(new String(d.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8))
						.startsWith("DISCHARGE SUMMARY");
				Encounter stay = (Encounter) byFullUrl.get(d.getContext().getEncounterFirstRep().getReference());
				assertThat(stay.getClass_().getCode()).isEqualTo("IMP");
			});
		}
	}

	@Test
	void careTeamWhenGeneratedThenIncludesTheGeneralPractitioner() {
		for (Bundle bundle : population.patientBundles()) {
			Patient patient = typed(bundle, Patient.class).get(0);
			List<CareTeam> teams = typed(bundle, CareTeam.class);
			assertThat(teams).hasSize(1);
			assertThat(teams.get(0).getParticipant()).extracting(p -> p.getMember().getReference())
					.contains(patient.getGeneralPractitionerFirstRep().getReference());
		}
	}

	private static <T extends Resource> List<T> typed(Bundle bundle, Class<T> type) {
		return resources(bundle).stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static boolean isCategory(Observation o, String category) {
		return o.getCategory().stream().flatMap(c -> c.getCoding().stream())
				.anyMatch(c -> category.equals(c.getCode()));
	}

	private static Map<String, Integer> countByCode(List<Observation> observations, String category) {
		Map<String, Integer> perCode = new HashMap<>();
		observations.stream().filter(o -> isCategory(o, category))
				.forEach(o -> perCode.merge(o.getCode().getCodingFirstRep().getCode(), 1, Integer::sum));
		return perCode;
	}
}
