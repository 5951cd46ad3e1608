package org.fhirportal.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates generated bundles against the FHIR R4 core specification (structure, cardinalities,
 * invariants, required bindings, vital signs profiles). LOINC, SNOMED CT and RxNorm are not loaded,
 * so unknown-code findings are downgraded to warnings; any ERROR fails the test.
 */
class DemoPopulationValidationTest {

	private static final int SLOT_SAMPLE = 12;

	private static FhirValidator validator;
	private static DemoPopulation population;

	@BeforeAll
	static void setUp() {
		FhirContext ctx = FhirContext.forR4Cached();
		UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
				new UnknownCodeSystemWarningValidationSupport(ctx);
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		ValidationSupportChain chain = new ValidationSupportChain(
				new DefaultProfileValidationSupport(ctx),
				new InMemoryTerminologyServerValidationSupport(ctx),
				new CommonCodeSystemsTerminologyService(ctx),
				new SnapshotGeneratingValidationSupport(ctx),
				unknownCodeSystems);
		validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
		population = DemoPopulation.generate(42, 2);
	}

	@Test
	void sharedResourcesWhenValidatedThenNoErrors() {
		assertThat(errors(withFewSlots(population.sharedResources()))).isEmpty();
	}

	@Test
	void patientBundleWhenValidatedThenNoErrors() {
		assertThat(errors(population.patientBundles().get(0))).isEmpty();
	}

	/**
	 * The shared bundle with only its first {@value #SLOT_SAMPLE} Slots: the hundreds of other slots
	 * are structurally identical and would only make the test slower.
	 */
	private static Bundle withFewSlots(Bundle shared) {
		Bundle copy = shared.copy();
		int[] slots = {0};
		copy.getEntry().removeIf(e -> e.getResource().fhirType().equals("Slot") && slots[0]++ >= SLOT_SAMPLE);
		return copy;
	}

	private static List<String> errors(Bundle bundle) {
		ValidationResult result = validator.validateWithResult(bundle);
		return result.getMessages().stream()
				.filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
				.map(DemoPopulationValidationTest::describe)
				.toList();
	}

	private static String describe(SingleValidationMessage m) {
		return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
	}
}
