package org.fhirportal.ig;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/** The built package, read from the classpath as HAPI reads it, for the tests of this module. */
final class IgPackage {

	private final NpmPackage npm;
	private final FhirContext context;

	private IgPackage(NpmPackage npm, FhirContext context) {
		this.npm = npm;
		this.context = context;
	}

	static IgPackage load(FhirContext context) {
		try (InputStream in = PortalIg.openPackage()) {
			return new IgPackage(NpmPackage.fromPackage(in), context);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	NpmPackage npm() {
		return npm;
	}

	/** The conformance resources (folder {@code package/}). */
	List<IBaseResource> conformanceResources() {
		return resourcesIn("package");
	}

	/** The examples (folder {@code package/example/}). */
	List<IBaseResource> examples() {
		return resourcesIn("example");
	}

	private List<IBaseResource> resourcesIn(String folder) {
		NpmPackage.NpmPackageFolder files = npm.getFolders().get(folder);
		if (files == null) {
			throw new IllegalStateException("the package has no folder " + folder + ": " + npm.getFolders().keySet());
		}
		return files.listFiles().stream()
				.filter(name -> name.endsWith(".json") && !name.startsWith(".") && !name.equals("package.json"))
				.sorted()
				.map(name -> parse(files, name))
				.toList();
	}

	private IBaseResource parse(NpmPackage.NpmPackageFolder folder, String name) {
		try {
			return context.newJsonParser().parseResource(new String(folder.fetchFile(name), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
