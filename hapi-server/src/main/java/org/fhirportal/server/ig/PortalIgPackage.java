package org.fhirportal.server.ig;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fhirportal.ig.PortalIg;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The IG package shipped in the {@code ig} jar, read once: its bytes (what the server installs), its name and
 * version (from its {@code package.json}), the resource type each of its profiles constrains, and its examples.
 */
final class PortalIgPackage {

	private final byte[] bytes;
	private final NpmPackage npm;
	private final Map<String, String> profileTypes;
	private final List<IBaseResource> examples;

	private PortalIgPackage(byte[] bytes, NpmPackage npm, FhirContext context) throws IOException {
		this.bytes = bytes;
		this.npm = npm;
		this.profileTypes = Collections.unmodifiableMap(profileTypes(npm, context));
		this.examples = List.copyOf(examples(npm, context));
	}

	static PortalIgPackage fromClasspath(FhirContext context) {
		try (InputStream in = PortalIg.openPackage()) {
			byte[] bytes = in.readAllBytes();
			return new PortalIgPackage(bytes, NpmPackage.fromPackage(new ByteArrayInputStream(bytes)), context);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read the IG package " + PortalIg.PACKAGE_CLASSPATH, e);
		}
	}

	String name() {
		return npm.name();
	}

	String version() {
		return npm.version();
	}

	/** The package as shipped; callers must not change the array. */
	byte[] bytes() {
		return bytes;
	}

	/** Canonical URL of each profile (not extension) to the resource type it constrains, e.g. to {@code Task}. */
	Map<String, String> profileTypes() {
		return profileTypes;
	}

	/** The examples of the package ({@code package/example/}), freshly parsed: callers may change them. */
	List<IBaseResource> examples(FhirContext context) {
		return examples.stream().map(example -> context.newTerser().clone(example)).map(IBaseResource.class::cast).toList();
	}

	private static Map<String, String> profileTypes(NpmPackage npm, FhirContext context) throws IOException {
		Map<String, String> types = new LinkedHashMap<>();
		for (String file : npm.listResources("StructureDefinition")) {
			StructureDefinition sd = parse(npm, "package", file, context, StructureDefinition.class);
			if (sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE) {
				types.put(sd.getUrl(), sd.getType());
			}
		}
		return types;
	}

	private static List<IBaseResource> examples(NpmPackage npm, FhirContext context) throws IOException {
		List<IBaseResource> examples = new ArrayList<>();
		NpmPackage.NpmPackageFolder folder = npm.getFolders().get("example");
		if (folder != null) {
			for (String file : folder.listFiles().stream().filter(f -> f.endsWith(".json")).sorted().toList()) {
				examples.add(parse(npm, "example", file, context, IBaseResource.class));
			}
		}
		return examples;
	}

	private static <T extends IBaseResource> T parse(
			NpmPackage npm, String folder, String file, FhirContext context, Class<T> type) throws IOException {
		try (InputStream in = npm.load(folder, file)) {
			return type.cast(context.newJsonParser().parseResource(in));
		}
	}
}
