package org.fhirportal.server.access;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.Resource;

/**
 * Generates the matrix's requests from the server's own CapabilityStatement: every advertised resource type gets
 * its type-level interactions (search, history, includes), every type holding demo data gets each advertised
 * instance interaction and operation against every patient outside the principal's reach, and every system
 * interaction and operation is tried. An operation added later is advertised, hence probed, without anyone
 * adding it here. (Types without any stored data are probed at type level only: there is nothing of anyone's in
 * them to leak.)
 */
final class CapabilityProbes {

	private static final String PARAMETERS = "{\"resourceType\":\"Parameters\"}";
	private static final String FHIR_JSON = "application/fhir+json";

	private final CapabilityStatement capabilities;
	private final DataOwnership ownership;
	private final FhirContext fhirContext;
	private final RawHttp admin;
	private final String base;
	private final Map<String, String> copies = new ConcurrentHashMap<>();

	CapabilityProbes(CapabilityStatement capabilities, DataOwnership ownership, FhirContext fhirContext, RawHttp admin, String base) {
		this.capabilities = capabilities;
		this.ownership = ownership;
		this.fhirContext = fhirContext;
		this.admin = admin;
		this.base = base;
	}

	/** Every interaction and operation advertised, as the requests a principal tries against others' data. */
	List<MatrixProbe> against(MatrixPrincipal who, List<String> patients) {
		List<MatrixProbe> probes = new ArrayList<>();
		List<String> others = patients.stream().filter(p -> !who.reach().contains(p)).toList();
		for (CapabilityStatementRestComponent rest : capabilities.getRest()) {
			systemLevel(who, rest, others, probes);
			for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				typeLevel(who, resource, probes);
				for (String other : others) {
					instanceLevel(who, resource, other, probes);
				}
			}
		}
		for (String other : others) {
			searchesAimedAt(who, other, probes);
		}
		return probes;
	}

	private void systemLevel(MatrixPrincipal who, CapabilityStatementRestComponent rest, List<String> others, List<MatrixProbe> probes) {
		for (CapabilityStatement.SystemInteractionComponent interaction : rest.getInteraction()) {
			String code = interaction.getCode().toCode();
			switch (code) {
				case "search-system" -> probes.add(get(who, code, "/?_count=100", Set.of()));
				case "history-system" -> probes.add(get(who, code, "/_history?_count=100", Set.of()));
				case "transaction", "batch" -> {
					// HAPI serves both at the base URL and advertises "transaction" only: probe both kinds of bundle
					probes.add(post(who, "batch", "/", bundle(Bundle.BundleType.BATCH, others, false), Set.copyOf(others)));
					probes.add(post(who, "transaction (reads)", "/", bundle(Bundle.BundleType.TRANSACTION, others, false), Set.copyOf(others)));
					probes.add(post(who, "transaction (writes)", "/", bundle(Bundle.BundleType.TRANSACTION, others, true), Set.copyOf(others)));
				}
				default -> { }
			}
		}
		for (CapabilityStatement.CapabilityStatementRestResourceOperationComponent operation : rest.getOperation()) {
			probes.add(post(who, "$" + operation.getName(), "/$" + operation.getName(), PARAMETERS, Set.of()));
			probes.add(get(who, "$" + operation.getName(), "/$" + operation.getName(), Set.of()));
		}
	}

	private void typeLevel(MatrixPrincipal who, CapabilityStatementRestResourceComponent resource, List<MatrixProbe> probes) {
		String type = resource.getType();
		for (CapabilityStatement.ResourceInteractionComponent interaction : resource.getInteraction()) {
			switch (interaction.getCode().toCode()) {
				case "search-type" -> {
					probes.add(get(who, "search-type", "/" + type + "?_count=100", Set.of()));
					if (hasData(type)) {
						probes.add(get(who, "search-type _include/_revinclude", "/" + type + "?_count=100&_include=*&_revinclude=*", Set.of()));
						probes.add(get(who, "search-type _include:iterate", "/" + type + "?_count=100&_include=*&_include:iterate=*", Set.of()));
					}
				}
				case "history-type" -> probes.add(get(who, "history-type", "/" + type + "/_history?_count=100", Set.of()));
				default -> { }
			}
		}
		if (hasData(type)) {
			for (CapabilityStatementRestResourceOperationComponent operation : resource.getOperation()) {
				probes.add(post(who, "$" + operation.getName() + " (type)", "/" + type + "/$" + operation.getName(), PARAMETERS, Set.of()));
			}
		}
	}

	private void instanceLevel(MatrixPrincipal who, CapabilityStatementRestResourceComponent resource, String other, List<MatrixProbe> probes) {
		String type = resource.getType();
		String id = ownership.sampleOf(other, type);
		if (id == null) {
			return;
		}
		Set<String> target = Set.of(other);
		String path = "/" + type + "/" + id;
		for (CapabilityStatement.ResourceInteractionComponent interaction : resource.getInteraction()) {
			String code = interaction.getCode().toCode();
			switch (code) {
				case "read" -> probes.add(new MatrixProbe(code, who, MatrixProbe.to(base, path).GET().build(), target, who.reads()));
				case "vread" -> probes.add(get(who, code, path + "/_history/1", target));
				case "history-instance" -> probes.add(get(who, code, path + "/_history", target));
				case "update" -> {
					probes.add(send(who, code, "PUT", path, copy(type, id, true), target));
					if (resource.getConditionalUpdate()) {
						probes.add(send(who, "conditional update", "PUT", "/" + type + "?_id=" + id, copy(type, id, false), target));
					}
				}
				case "patch" -> probes.add(new MatrixProbe(code, who, MatrixProbe.to(base, path).header("Content-Type", "application/json-patch+json")
						.method("PATCH", BodyPublishers.ofString("[{\"op\":\"test\",\"path\":\"/id\",\"value\":\"" + id + "\"}]")).build(), target, false));
				case "delete" -> {
					probes.add(new MatrixProbe(code, who, MatrixProbe.to(base, path).DELETE().build(), target, false));
					if (resource.getConditionalDelete() != CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED) {
						probes.add(new MatrixProbe("conditional delete", who, MatrixProbe.to(base, "/" + type + "?_id=" + id).DELETE().build(), target, false));
					}
				}
				case "create" -> {
					probes.add(post(who, code, "/" + type, copy(type, id, false), target));
					if (resource.getConditionalCreate()) {
						probes.add(new MatrixProbe("conditional create", who, MatrixProbe.to(base, "/" + type).header("Content-Type", FHIR_JSON)
								.header("If-None-Exist", "_id=" + id).POST(BodyPublishers.ofString(copy(type, id, false))).build(), target, false));
					}
				}
				default -> { }
			}
		}
		for (CapabilityStatementRestResourceOperationComponent operation : resource.getOperation()) {
			probes.add(post(who, "$" + operation.getName() + " (instance)", path + "/$" + operation.getName(), PARAMETERS, target));
			probes.add(get(who, "$" + operation.getName() + " (instance)", path + "/$" + operation.getName(), target));
		}
	}

	/** Compartment-style, chained, reverse-chained ({@code _has}) and include searches aimed at one other patient. */
	private void searchesAimedAt(MatrixPrincipal who, String other, List<MatrixProbe> probes) {
		Set<String> target = Set.of(other);
		for (String type : ownership.typesOf(other)) {
			if (!type.equals("Patient")) {
				probes.add(get(who, "search (compartment)", "/Patient/" + other + "/" + type + "?_count=100", target));
			}
		}
		probes.add(get(who, "search (patient parameter)", "/Observation?patient=" + other + "&_count=100", target));
		probes.add(get(who, "search (chained)", "/Observation?subject:Patient._id=" + other + "&_count=100", target));
		probes.add(get(who, "search (_has)", "/Patient?_has:Observation:patient:_id=" + firstOr(other, "Observation", "none"), target));
		probes.add(get(who, "search (_revinclude)", "/Patient?_id=" + other + "&_revinclude=*", target));
		probes.add(get(who, "search (_revinclude:iterate)", "/Patient?_id=" + other + "&_revinclude=*&_revinclude:iterate=*", target));
		probes.add(get(who, "search (_include)", "/Encounter?patient=" + other + "&_include=*&_include:iterate=*&_count=100", target));
		probes.add(get(who, "$everything", "/Patient/" + other + "/$everything", target));
		probes.add(new MatrixProbe("$export (patient)", who, MatrixProbe.to(base, "/Patient/" + other + "/$export").header("Prefer", "respond-async")
				.GET().build(), target, false));
	}

	private String firstOr(String patient, String type, String fallback) {
		String id = ownership.sampleOf(patient, type);
		return id == null ? fallback : id;
	}

	private boolean hasData(String type) {
		return type.equals("Patient") || ownership.anyOf(type);
	}

	private String bundle(Bundle.BundleType kind, List<String> others, boolean writes) {
		Bundle bundle = new Bundle().setType(kind);
		for (String other : others) {
			for (String type : ownership.typesOf(other)) {
				String id = ownership.sampleOf(other, type);
				if (id == null) {
					continue;
				}
				if (writes) {
					bundle.addEntry().setResource((Resource) fhirContext.newJsonParser().parseResource(copy(type, id, true)))
							.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(type + "/" + id);
				} else {
					bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(type + "/" + id);
				}
			}
		}
		return fhirContext.newJsonParser().encodeResourceToString(bundle);
	}

	/** The stored resource as an administrator reads it, with its id (for updates) or without (for creates). */
	private String copy(String type, String id, boolean keepId) {
		String stored = copies.computeIfAbsent(type + "/" + id, ref -> admin.get("/" + ref).body());
		if (keepId) {
			return stored;
		}
		Resource resource = (Resource) fhirContext.newJsonParser().parseResource(stored);
		resource.setId((String) null);
		resource.setMeta(null);
		return fhirContext.newJsonParser().encodeResourceToString(resource);
	}

	private MatrixProbe get(MatrixPrincipal who, String interaction, String path, Set<String> target) {
		return new MatrixProbe(interaction, who, MatrixProbe.to(base, path).GET().build(), target, false);
	}

	private MatrixProbe post(MatrixPrincipal who, String interaction, String path, String body, Set<String> target) {
		return send(who, interaction, "POST", path, body, target);
	}

	private MatrixProbe send(MatrixPrincipal who, String interaction, String method, String path, String body, Set<String> target) {
		HttpRequest request = MatrixProbe.to(base, path).header("Content-Type", FHIR_JSON).method(method, BodyPublishers.ofString(body)).build();
		return new MatrixProbe(interaction, who, request, target, false);
	}
}
