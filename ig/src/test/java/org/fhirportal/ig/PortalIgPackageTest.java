package org.fhirportal.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.junit.jupiter.api.Test;

/** The package the build packs: its manifest, and what HAPI's installer needs of its resources. */
class PortalIgPackageTest {

	private final IgPackage ig = IgPackage.load(FhirContext.forR4Cached());

	@Test
	void manifestWhenReadThenNamesThePackageAndFhirR4() {
		assertThat(ig.npm().name()).isEqualTo(PortalIg.PACKAGE_ID);
		assertThat(ig.npm().version()).matches("\\d+\\.\\d+\\.\\d+");
		assertThat(ig.npm().fhirVersion()).isEqualTo("4.0.1");
		assertThat(ig.npm().canonical()).isEqualTo(PortalIg.CANONICAL);
	}

	@Test
	void conformanceResourcesWhenPackedThenActiveAndVersionedLikeThePackage() {
		List<MetadataResource> definitions = definitions();

		assertThat(definitions).isNotEmpty().allSatisfy(definition -> {
			assertThat(definition.getStatus().toCode()).as(definition.getUrl()).isEqualTo("active");
			assertThat(definition.getVersion()).as(definition.getUrl()).isEqualTo(ig.npm().version());
			assertThat(definition.getUrl()).startsWith(PortalIg.CANONICAL + "/");
		});
	}

	@Test
	void packageWhenPackedThenHoldsProfilesOperationsSearchParameterAndCapabilities() {
		Map<String, Long> countByType = definitions().stream()
				.collect(Collectors.groupingBy(IBaseResource::fhirType, Collectors.counting()));

		assertThat(countByType)
				.containsEntry("StructureDefinition", 7L)
				.containsEntry("OperationDefinition", 9L)
				.containsEntry("SearchParameter", 2L)
				.containsEntry("CapabilityStatement", 1L)
				.containsKeys("ValueSet", "CodeSystem", "ImplementationGuide");
	}

	@Test
	void constantsWhenLookedUpThenEveryUrlIsInThePackage() {
		Map<String, MetadataResource> byUrl = definitions().stream()
				.collect(Collectors.toMap(MetadataResource::getUrl, Function.identity()));

		assertThat(byUrl).containsKeys(
				PortalIg.READ_AUDIT_PROFILE,
				PortalIg.SIGN_IN_AUDIT_PROFILE,
				PortalIg.MESSAGE_PROFILE,
				PortalIg.REFILL_REQUEST_PROFILE,
				PortalIg.APPOINTMENT_PROFILE,
				PortalIg.RETURNED_RESOURCES_EXTENSION,
				PortalIg.AUTHENTICATION_METHOD_EXTENSION,
				PortalIg.TASK_CODE_SYSTEM,
				PortalIg.RETURNED_RESOURCE_SEARCH_PARAMETER,
				PortalIg.IN_RESPONSE_TO_SEARCH_PARAMETER);
		assertThat(((org.hl7.fhir.r4.model.CodeSystem) byUrl.get(PortalIg.TASK_CODE_SYSTEM)).getConcept())
				.extracting(org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent::getCode)
				.contains(PortalIg.REFILL_REQUEST_CODE);
	}

	private List<MetadataResource> definitions() {
		return ig.conformanceResources().stream().map(MetadataResource.class::cast).toList();
	}
}
