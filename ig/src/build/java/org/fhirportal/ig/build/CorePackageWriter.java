package org.fhirportal.ig.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Writes the FHIR R4 core package ({@code hl7.fhir.r4.core#4.0.1}) into a FHIR package cache, so that SUSHI
 * compiles the IG without the FHIR package registry (which this project's builds cannot reach).
 *
 * <p>The definitions come from HAPI's {@code hapi-fhir-validation-resources-r4} (the R4 specification's own
 * bundles). Each bundle entry becomes {@code package/<Type>-<id>.json}, next to a {@code package.json}, which is
 * the layout of the FHIR NPM package specification
 * (<a href="https://confluence.hl7.org/display/FHIR/NPM+Package+Specification">NPM Package Specification</a>).
 * The manifest is written last and a cache that has it is left alone, so an interrupted run is redone and a
 * complete one costs nothing.
 *
 * <p>Usage: {@code CorePackageWriter <package-cache-dir>} (the folder that plays {@code $HOME/.fhir/packages}).
 */
public final class CorePackageWriter {

	static final String NAME = "hl7.fhir.r4.core";
	static final String VERSION = "4.0.1";

	private static final String BASE = "/org/hl7/fhir/r4/model/";
	private static final List<String> XML_BUNDLES = List.of(
			"profile/profiles-types.xml",
			"profile/profiles-resources.xml",
			"profile/profiles-others.xml",
			"extension/extension-definitions.xml",
			"valueset/valuesets.xml",
			"valueset/v3-codesystems.xml",
			"valueset/v2-tables.xml");
	private static final List<String> JSON_BUNDLES = List.of("sp/search-parameters.json");

	private final FhirContext context = FhirContext.forR4Cached();
	private final Path packageDir;

	CorePackageWriter(Path packageCache) {
		this.packageDir = Objects.requireNonNull(packageCache, "packageCache")
				.resolve(NAME + "#" + VERSION).resolve("package");
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			throw new IllegalArgumentException("usage: CorePackageWriter <package-cache-dir>");
		}
		new CorePackageWriter(Path.of(args[0])).write();
	}

	void write() throws IOException {
		Path manifest = packageDir.resolve("package.json");
		if (Files.exists(manifest)) {
			System.out.println("[core-package] " + NAME + "#" + VERSION + " already in " + packageDir);
			return;
		}
		Files.createDirectories(packageDir);
		int written = 0;
		for (String bundle : XML_BUNDLES) {
			written += writeEntries(bundle, context.newXmlParser());
		}
		for (String bundle : JSON_BUNDLES) {
			written += writeEntries(bundle, context.newJsonParser());
		}
		Files.writeString(manifest, manifestJson(), StandardCharsets.UTF_8);
		System.out.println("[core-package] wrote " + written + " resources of " + NAME + "#" + VERSION + " to " + packageDir);
	}

	private int writeEntries(String bundlePath, IParser parser) throws IOException {
		Bundle bundle = parse(bundlePath, parser.setParserErrorHandler(new LenientErrorHandler(false)));
		IParser json = context.newJsonParser();
		int count = 0;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (resource == null || !resource.hasIdElement()) {
				continue;
			}
			String fileName = resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
			Files.writeString(packageDir.resolve(fileName), json.encodeResourceToString(resource), StandardCharsets.UTF_8);
			count++;
		}
		return count;
	}

	private static Bundle parse(String bundlePath, IParser parser) {
		try (InputStream in = CorePackageWriter.class.getResourceAsStream(BASE + bundlePath)) {
			if (in == null) {
				throw new IllegalStateException(BASE + bundlePath
						+ " is not on the classpath: the ig module needs ca.uhn.hapi.fhir:hapi-fhir-validation-resources-r4");
			}
			return parser.parseResource(Bundle.class, new InputStreamReader(in, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String manifestJson() {
		return """
				{
				  "name": "%s",
				  "version": "%s",
				  "type": "Core",
				  "fhirVersions": ["%s"],
				  "canonical": "http://hl7.org/fhir",
				  "url": "http://hl7.org/fhir/R4",
				  "title": "FHIR R4 core definitions (from HAPI FHIR's hapi-fhir-validation-resources-r4)",
				  "dependencies": {}
				}
				""".formatted(NAME, VERSION, VERSION);
	}
}
