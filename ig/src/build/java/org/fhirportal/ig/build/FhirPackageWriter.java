package org.fhirportal.ig.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Packs SUSHI's output into a FHIR NPM package ({@code <packageId>.tgz}): {@code package/package.json}, the
 * conformance resources in {@code package/} and the examples in {@code package/example/}, as the
 * <a href="https://confluence.hl7.org/display/FHIR/NPM+Package+Specification">NPM Package Specification</a>
 * lays them out. Like the IG Publisher, it gives every conformance resource without a version the package's
 * version and every StructureDefinition its snapshot ({@link SnapshotWriter}). The archive is byte-for-byte reproducible (sorted entries, fixed times), so the server can tell
 * an unchanged package from a changed one by its bytes.
 *
 * <p>Usage: {@code FhirPackageWriter <sushi-resources-dir> <output-dir>}.
 */
public final class FhirPackageWriter {

	/** The time npm itself stamps on packed files; any fixed time keeps the archive reproducible. */
	private static final Date ENTRY_TIME = Date.from(Instant.parse("1985-10-26T08:15:00Z"));

	private final FhirContext context = FhirContext.forR4Cached();
	private final Path resources;
	private final Path outputDir;

	FhirPackageWriter(Path resources, Path outputDir) {
		this.resources = Objects.requireNonNull(resources, "resources");
		this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			throw new IllegalArgumentException("usage: FhirPackageWriter <sushi-resources-dir> <output-dir>");
		}
		new FhirPackageWriter(Path.of(args[0]), Path.of(args[1])).write();
	}

	Path write() throws IOException {
		IgDescription ig = IgDescription.readFrom(resources);
		Map<String, Resource> conformance = new TreeMap<>();
		Map<String, Resource> examples = new TreeMap<>();
		for (Path file : resourceFiles()) {
			Resource resource = (Resource) context.newJsonParser().parseResource(Files.readString(file));
			String name = file.getFileName().toString();
			if (ig.isExample(resource.fhirType(), resource.getIdElement().getIdPart())) {
				examples.put(name, resource);
			} else {
				if (resource instanceof MetadataResource metadata && !metadata.hasVersion()) {
					metadata.setVersion(ig.version());
				}
				conformance.put(name, resource);
			}
		}
		List<StructureDefinition> profiles = conformance.values().stream()
				.filter(StructureDefinition.class::isInstance).map(StructureDefinition.class::cast).toList();
		new SnapshotWriter(context, profiles, ig.canonical()).writeSnapshots(profiles);

		Map<String, byte[]> entries = new TreeMap<>();
		conformance.forEach((name, resource) -> entries.put("package/" + name, encode(resource)));
		examples.forEach((name, resource) -> entries.put("package/example/" + name, encode(resource)));
		Files.createDirectories(outputDir);
		Path tgz = outputDir.resolve(ig.packageId() + ".tgz");
		try (OutputStream out = Files.newOutputStream(tgz)) {
			writeTgz(out, ig.packageManifest().getBytes(StandardCharsets.UTF_8), entries);
		}
		System.out.printf("[fhir-package] %s#%s: %d conformance resources (snapshots for %d profiles), %d examples -> %s%n",
				ig.packageId(), ig.version(), conformance.size(), profiles.size(), examples.size(), tgz);
		return tgz;
	}

	private List<Path> resourceFiles() throws IOException {
		try (Stream<Path> files = Files.list(resources)) {
			List<Path> json = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
			if (json.isEmpty()) {
				throw new IllegalStateException("SUSHI wrote no resources to " + resources);
			}
			return json;
		}
	}

	private byte[] encode(Resource resource) {
		IParser json = context.newJsonParser().setPrettyPrint(true);
		return (json.encodeResourceToString(resource) + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private static void writeTgz(OutputStream out, byte[] manifest, Map<String, byte[]> entries) throws IOException {
		GzipParameters gzip = new GzipParameters();
		gzip.setModificationTime(0);
		try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out, gzip);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			addEntry(tar, "package/package.json", manifest);
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				addEntry(tar, entry.getKey(), entry.getValue());
			}
		}
	}

	private static void addEntry(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(content.length);
		entry.setModTime(ENTRY_TIME);
		entry.setMode(0644);
		entry.setIds(0, 0);
		entry.setUserName("");
		entry.setGroupName("");
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}
}
