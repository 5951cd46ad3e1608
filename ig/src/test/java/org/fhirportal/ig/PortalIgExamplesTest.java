package org.fhirportal.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example of the package conforms to the profiles it declares, validated against the package itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalIgExamplesTest {

	private final FhirContext context = FhirContext.forR4Cached();
	private final IgPackage ig = IgPackage.load(context);
	private IgValidator validator;

	@BeforeAll
	void buildValidator() throws IOException {
		validator = new IgValidator(context);
	}

	Stream<Arguments> examples() {
		return ig.examples().stream().map(example -> Arguments.of(example.getIdElement().getValue(), example));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void exampleWhenValidatedAgainstThePackageThenNoErrors(String name, IBaseResource example) {
		assertThat(validator.errors(example)).as(name).isEmpty();
	}

	@Test
	void everyProfileWhenPackedThenHasAnExample() {
		List<String> declared = ig.examples().stream()
				.flatMap(example -> example.getMeta().getProfile().stream())
				.map(profile -> profile.getValueAsString())
				.toList();
		List<String> profiles = ig.conformanceResources().stream()
				.filter(StructureDefinition.class::isInstance)
				.map(StructureDefinition.class::cast)
				.filter(sd -> sd.getType() != null && !"Extension".equals(sd.getType()))
				.map(StructureDefinition::getUrl)
				.toList();

		assertThat(declared).containsAll(profiles);
	}
}
