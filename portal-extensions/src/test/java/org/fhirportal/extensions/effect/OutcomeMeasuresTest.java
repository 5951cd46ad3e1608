package org.fhirportal.extensions.effect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The outcome definitions on hand-made cases: PDC with overlapping fills, the 30-day follow-up window, the facts read from resources. */
class OutcomeMeasuresTest {

	@Test
	void pdcWhenFillOverlapsThenItsSupplyStartsWhenTheEarlierRunsOut() {
		// day 0: 30 days; day 20: 30 days more (starts on day 30); day 70: 10 days
		List<int[]> spans = RefillAdherenceMeasure.coveredSpans(List.of(new int[] {20, 30}, new int[] {0, 30}, new int[] {70, 10}));

		assertThat(spans).containsExactly(new int[] {0, 30}, new int[] {30, 60}, new int[] {70, 80});
		assertThat(RefillAdherenceMeasure.proportion(spans, 0, 100)).isEqualTo(0.7);
		assertThat(RefillAdherenceMeasure.proportion(spans, 55, 75)).isEqualTo(0.5);
		assertThat(RefillAdherenceMeasure.proportion(spans, 90, 90)).isZero();
	}

	@Test
	void followUpCountsAVisitAfterTheResultAndWithinThirtyDaysOnly() {
		Instant result = Instant.parse("2024-03-01T10:00:00Z");
		Instant[] visits = {result.minusSeconds(60), result, Instant.parse("2024-03-31T10:00:00Z")};

		assertThat(LabFollowUpMeasure.followedUp(result, visits)).isTrue();
		assertThat(LabFollowUpMeasure.followedUp(result, new Instant[] {result.minusSeconds(60), result})).isFalse();
		assertThat(LabFollowUpMeasure.followedUp(result, new Instant[] {Instant.parse("2024-03-31T10:00:01Z")})).isFalse();
	}

	@Test
	void labFactIsOutOfRangeByInterpretationOrByReferenceRange() {
		Observation high = lab(120).addInterpretation(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", null)));
		Observation belowRange = lab(60);
		belowRange.addReferenceRange().setLow(new Quantity(70)).setHigh(new Quantity(99));
		Observation normal = lab(80);
		normal.addReferenceRange().setLow(new Quantity(70)).setHigh(new Quantity(99));
		Observation vital = lab(80);
		vital.getCategoryFirstRep().getCodingFirstRep().setCode("vital-signs");

		assertThat(EffectFacts.of("Observation/1", high)).hasValueSatisfying(f -> assertThat(f.flag()).isTrue());
		assertThat(EffectFacts.of("Observation/2", belowRange)).hasValueSatisfying(f -> assertThat(f.flag()).isTrue());
		assertThat(EffectFacts.of("Observation/3", normal)).hasValueSatisfying(f -> {
			assertThat(f.flag()).isFalse();
			assertThat(f.code()).isEqualTo("2345-7");
			assertThat(f.amount()).isEqualTo(80.0);
		});
		assertThat(EffectFacts.of("Observation/4", vital)).isEmpty();
	}

	@Test
	void conditionFactFlagsTypeTwoDiabetesBySnomedOrIcd10AndDropsResolvedConditions() {
		Condition snomed = condition("http://snomed.info/sct", "44054006", "active");
		Condition icd = condition("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "active");
		Condition asthma = condition("http://snomed.info/sct", "195967001", "active");
		Condition resolved = condition("http://snomed.info/sct", "44054006", "resolved");

		assertThat(EffectFacts.of("Condition/1", snomed)).hasValueSatisfying(f -> assertThat(f.flag()).isTrue());
		assertThat(EffectFacts.of("Condition/2", icd)).hasValueSatisfying(f -> assertThat(f.flag()).isTrue());
		assertThat(EffectFacts.of("Condition/3", asthma)).hasValueSatisfying(f -> assertThat(f.flag()).isFalse());
		assertThat(EffectFacts.of("Condition/4", resolved)).isEmpty();
	}

	@Test
	void dispenseFactReadsDaysSupplyInDaysOrWeeks() {
		MedicationDispense weeks = new MedicationDispense().setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED)
				.setSubject(new Reference("Patient/p")).setWhenHandedOver(new java.util.Date(0))
				.setDaysSupply(new Quantity().setValue(4).setSystem("http://unitsofmeasure.org").setCode("wk"));
		MedicationDispense inProgress = weeks.copy().setStatus(MedicationDispense.MedicationDispenseStatus.INPROGRESS);

		assertThat(EffectFacts.of("MedicationDispense/1", weeks)).hasValueSatisfying(f -> assertThat(f.amount()).isEqualTo(28.0));
		assertThat(EffectFacts.of("MedicationDispense/2", inProgress)).isEmpty();
	}

	private static Observation lab(double value) {
		Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept(new Coding(EffectFacts.LOINC, "2345-7", null))).setSubject(new Reference("Patient/p"))
				.setEffective(new DateTimeType("2024-03-01T10:00:00Z")).setValue(new Quantity(value));
		o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", null)));
		return o;
	}

	private static Condition condition(String system, String code, String clinicalStatus) {
		return new Condition().setSubject(new Reference("Patient/p")).setCode(new CodeableConcept(new Coding(system, code, null)))
				.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", clinicalStatus, null)));
	}
}
