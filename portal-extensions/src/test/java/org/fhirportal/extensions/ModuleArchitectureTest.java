package org.fhirportal.extensions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of the library modules honest (STYLE.md): feature packages do not form cycles, the
 * authorization server knows nothing of HAPI's JPA storage, the libraries never boot Spring themselves, and
 * nothing in them reaches into the application module.
 */
class ModuleArchitectureTest {

	private final JavaClasses libraries = new ClassFileImporter()
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("org.fhirportal.auth", "org.fhirportal.extensions");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("org.fhirportal.(auth|extensions).(*)..").should().beFreeOfCycles().check(libraries);
	}

	@Test
	void smartAuthDoesNotDependOnHapiJpaOrTheApplication() {
		noClasses().that().resideInAPackage("org.fhirportal.auth..")
				.should().dependOnClassesThat().resideInAnyPackage("ca.uhn.fhir.jpa..", "org.fhirportal.server..", "org.fhirportal.extensions..")
				.check(libraries);
	}

	@Test
	void librariesNeverBootSpringNorUseTheApplicationModule() {
		noClasses().should().beAnnotatedWith("org.springframework.boot.autoconfigure.SpringBootApplication").check(libraries);
		noClasses().should().dependOnClassesThat().resideInAPackage("org.fhirportal.server..").check(libraries);
	}
}
