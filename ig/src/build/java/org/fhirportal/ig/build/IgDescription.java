package org.fhirportal.ig.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What SUSHI's ImplementationGuide resource says about the package: its id, version, FHIR version, canonical
 * and which resources are examples. It is the single source of those facts ({@code sushi-config.yaml} feeds
 * it), from which the packer writes {@code package.json}.
 */
final class IgDescription {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final JsonNode ig;
	private final Set<String> exampleReferences;

	private IgDescription(JsonNode ig) {
		this.ig = ig;
		this.exampleReferences = examples(ig);
	}

	/** Reads the single {@code ImplementationGuide-*.json} among SUSHI's resources. */
	static IgDescription readFrom(Path resources) throws IOException {
		List<Path> guides;
		try (Stream<Path> files = Files.list(resources)) {
			guides = files.filter(f -> f.getFileName().toString().startsWith("ImplementationGuide-")).toList();
		}
		if (guides.size() != 1) {
			throw new IllegalStateException("expected one ImplementationGuide resource in " + resources
					+ " (is FSHOnly off in sushi-config.yaml?), found " + guides);
		}
		return new IgDescription(JSON.readTree(guides.get(0).toFile()));
	}

	String packageId() {
		return required("packageId");
	}

	String version() {
		return required("version");
	}

	/** The canonical base: the IG's url without {@code /ImplementationGuide/<id>}. */
	String canonical() {
		String url = required("url");
		return url.substring(0, url.indexOf("/ImplementationGuide/"));
	}

	/** True when the IG lists {@code Type/id} as an example (exampleBoolean or exampleCanonical). */
	boolean isExample(String resourceType, String id) {
		return exampleReferences.contains(resourceType + "/" + id);
	}

	/** The FHIR NPM package manifest (package.json) of this IG. */
	String packageManifest() throws IOException {
		ObjectNode manifest = JSON.createObjectNode();
		manifest.put("name", packageId());
		manifest.put("version", version());
		manifest.put("type", "fhir.ig");
		manifest.put("canonical", canonical());
		manifest.put("url", canonical());
		manifest.put("title", ig.path("title").asText(packageId()));
		manifest.put("description", ig.path("description").asText(""));
		manifest.put("author", ig.path("publisher").asText(""));
		manifest.put("license", ig.path("license").asText("Apache-2.0"));
		manifest.putArray("fhirVersions").add(fhirVersion());
		manifest.putObject("dependencies").put("hl7.fhir.r4.core", fhirVersion());
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n";
	}

	private String fhirVersion() {
		JsonNode versions = ig.path("fhirVersion");
		if (!versions.isArray() || versions.size() != 1) {
			throw new IllegalStateException("the ImplementationGuide must name exactly one fhirVersion, has " + versions);
		}
		return versions.get(0).asText();
	}

	private String required(String field) {
		String value = ig.path(field).asText("");
		if (value.isBlank()) {
			throw new IllegalStateException("the ImplementationGuide resource has no " + field + " (check sushi-config.yaml)");
		}
		return value;
	}

	private static Set<String> examples(JsonNode ig) {
		Set<String> references = new HashSet<>();
		for (JsonNode resource : ig.path("definition").path("resource")) {
			boolean example = resource.path("exampleBoolean").asBoolean(false) || resource.has("exampleCanonical");
			if (example) {
				references.add(resource.path("reference").path("reference").asText());
			}
		}
		return references;
	}
}
