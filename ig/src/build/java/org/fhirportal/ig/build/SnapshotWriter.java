package org.fhirportal.ig.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Gives the IG's StructureDefinitions their snapshots, as the IG Publisher does for published packages. SUSHI
 * writes differentials only; without snapshots HAPI's package installer generates them at every installation
 * (about 15 s of server start-up, most of it loading the core definitions), and so would every validator.
 * Extensions go first, so that the profiles that use them find their snapshots.
 */
final class SnapshotWriter {

	private final ValidationSupportChain chain;
	private final String canonical;

	SnapshotWriter(FhirContext context, List<StructureDefinition> definitions, String canonical) {
		PrePopulatedValidationSupport ig = new PrePopulatedValidationSupport(context);
		definitions.forEach(ig::addStructureDefinition);
		this.chain = new ValidationSupportChain(
				new DefaultProfileValidationSupport(context),
				ig,
				new SnapshotGeneratingValidationSupport(context),
				new InMemoryTerminologyServerValidationSupport(context),
				new CommonCodeSystemsTerminologyService(context));
		this.canonical = canonical;
	}

	/** Sets the snapshot of every definition that has none; extensions first. */
	void writeSnapshots(List<StructureDefinition> definitions) {
		definitions.stream()
				.filter(sd -> !sd.hasSnapshot())
				.sorted(Comparator.comparing((StructureDefinition sd) -> !"Extension".equals(sd.getType())))
				.forEach(this::writeSnapshot);
	}

	private void writeSnapshot(StructureDefinition sd) {
		StructureDefinition generated = (StructureDefinition) chain.generateSnapshot(
				new ValidationSupportContext(chain), sd, sd.getUrl(), canonical, sd.getName());
		if (generated == null || !generated.hasSnapshot()) {
			throw new IllegalStateException("no snapshot could be generated for " + sd.getUrl());
		}
		sd.setSnapshot(generated.getSnapshot());
	}
}
