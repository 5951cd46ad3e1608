package org.fhirportal.extensions.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Turns a FHIR response into audit records, as IHE BALP asks: one record per patient whose data the response
 * carried (the patient compartment owners of the returned resources), with the returned resources' references;
 * data of no patient (a Practitioner, a Binary) goes into one record without patient. Batch and transaction
 * responses give records per entry that returned data. Who asked comes from the request's
 * {@link SmartAccessContext}.
 */
final class AuditRecordFactory {

	private final FhirContext fhirContext;
	private final Clock clock;

	AuditRecordFactory(FhirContext fhirContext, Clock clock) {
		this.fhirContext = fhirContext;
		this.clock = clock;
	}

	/** The records of a successful response, or none when the interaction carries no data. */
	List<AuditRecord> forResponse(RequestDetails request, IBaseResource response, int httpStatus) {
		Optional<AuditedInteraction> interaction = AuditedInteraction.of(request.getRestOperationType(), request.getOperation());
		if (interaction.isEmpty()) {
			return List.of();
		}
		Requester requester = Requester.of(request);
		Instant now = clock.instant();
		String subtype = interaction.get().subtype();
		if (("batch".equals(subtype) || "transaction".equals(subtype)) && response instanceof Bundle responseBundle) {
			return forBatchEntries(request, responseBundle, requester, now, httpStatus);
		}
		List<IBaseResource> returned = returnedResources(response);
		if (returned.isEmpty() && interaction.get().isWrite()) {
			return List.of();
		}
		return records(interaction.get(), query(request), returned, requester, now, httpStatus, Optional.empty());
	}

	/** The record of a refused or failed request: no data left the server, the outcome says why. */
	AuditRecord forFailure(RequestDetails request, int httpStatus, String reason) {
		AuditedInteraction interaction = AuditedInteraction.of(request.getRestOperationType(), request.getOperation())
				.orElseGet(() -> AuditedInteraction.ofEntryUrl(request.getRequestPath() == null ? "" : request.getRequestPath()));
		Optional<String> patient = "Patient".equals(request.getResourceName()) && request.getId() != null && request.getId().hasIdPart()
				? Optional.of(request.getId().getIdPart())
				: Optional.empty();
		return forFailure(interaction, Requester.of(request), patient, query(request), httpStatus, reason);
	}

	AuditRecord forFailure(AuditedInteraction interaction, Requester requester, Optional<String> patient, Optional<String> query,
			int httpStatus, String reason) {
		return new AuditRecord(clock.instant(), interaction.kind(), interaction.subtype(), interaction.action(),
				httpStatus >= 500 ? 8 : 4, Optional.of(httpStatus), patient, requester.userType(), requester.userId(),
				requester.username(), requester.clientId(), requester.tokenId(), requester.address(), query, List.of(),
				Optional.ofNullable(reason).filter(r -> !r.isBlank()));
	}

	private List<AuditRecord> forBatchEntries(
			RequestDetails request, Bundle response, Requester requester, Instant now, int httpStatus) {
		List<AuditRecord> records = new ArrayList<>();
		List<Bundle.BundleEntryComponent> requested = request.getResource() instanceof Bundle requestBundle
				? requestBundle.getEntry()
				: List.of();
		for (int i = 0; i < response.getEntry().size(); i++) {
			Bundle.BundleEntryComponent entry = response.getEntry().get(i);
			List<IBaseResource> returned = returnedResources(entry.getResource());
			Bundle.BundleEntryComponent asked = i < requested.size() ? requested.get(i) : null;
			boolean read = asked != null && asked.getRequest().getMethod() == Bundle.HTTPVerb.GET;
			if (!read && returned.isEmpty()) {
				continue;
			}
			// an entry without request.url is refused by HAPI entry by entry; it is audited without one
			String url = asked == null || asked.getRequest().getUrl() == null ? "" : asked.getRequest().getUrl();
			AuditedInteraction interaction = read
					? AuditedInteraction.ofEntry(url, entry.getResource() instanceof Bundle)
					: AuditedInteraction.of(request.getRestOperationType(), null).orElseThrow();
			int entryStatus = entryStatus(entry, httpStatus);
			if (entryStatus >= 400) {
				records.add(forFailure(interaction, requester, Optional.empty(), Optional.of(url).filter(u -> !u.isEmpty()), entryStatus,
						"entry " + (i + 1) + " of a " + request.getRestOperationType().getCode() + " refused"));
				continue;
			}
			records.addAll(records(interaction, Optional.of(url).filter(u -> !u.isEmpty()), returned, requester, now, httpStatus,
					Optional.of("entry " + (i + 1) + " of a " + request.getRestOperationType().getCode())));
		}
		return records;
	}

	private static int entryStatus(Bundle.BundleEntryComponent entry, int fallback) {
		String status = entry.getResponse().getStatus();
		if (status == null || status.length() < 3) {
			return fallback;
		}
		try {
			return Integer.parseInt(status.substring(0, 3));
		} catch (NumberFormatException e) {
			return fallback;
		}
	}

	private List<AuditRecord> records(AuditedInteraction interaction, Optional<String> query, List<IBaseResource> returned,
			Requester requester, Instant now, int httpStatus, Optional<String> detail) {
		Map<Optional<String>, Set<String>> byPatient = byPatient(returned);
		if (byPatient.isEmpty()) {
			byPatient.put(Optional.empty(), Set.of());
		}
		List<AuditRecord> records = new ArrayList<>();
		byPatient.forEach((patient, references) -> records.add(new AuditRecord(now, interaction.kind(), interaction.subtype(),
				interaction.action(), 0, Optional.of(httpStatus), patient, requester.userType(), requester.userId(),
				requester.username(), requester.clientId(), requester.tokenId(), requester.address(), query,
				List.copyOf(references), detail)));
		return records;
	}

	/** Returned references grouped by the patient whose compartment holds them (empty key: of no patient). */
	private Map<Optional<String>, Set<String>> byPatient(List<IBaseResource> returned) {
		Map<Optional<String>, Set<String>> byPatient = new LinkedHashMap<>();
		for (IBaseResource resource : returned) {
			String reference = typedReference(resource);
			if (reference == null) {
				continue;
			}
			Set<String> owners = owners(resource);
			if (owners.isEmpty()) {
				byPatient.computeIfAbsent(Optional.empty(), k -> new LinkedHashSet<>()).add(reference);
			}
			owners.forEach(owner -> byPatient.computeIfAbsent(Optional.of(owner), k -> new LinkedHashSet<>()).add(reference));
		}
		return byPatient;
	}

	/**
	 * The resource's reference with its type ({@code AuditEvent/4491}), also when the resource carries a bare id, as
	 * resources made by operations ({@code $access-log}) do; null without an id.
	 */
	private String typedReference(IBaseResource resource) {
		IIdType id = resource.getIdElement();
		if (!id.hasIdPart()) {
			return null;
		}
		return fhirContext.getResourceType(resource) + "/" + id.getIdPart();
	}

	private Set<String> owners(IBaseResource resource) {
		String type = fhirContext.getResourceType(resource);
		if ("Patient".equals(type)) {
			return Set.of(resource.getIdElement().getIdPart());
		}
		if (fhirContext.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").isEmpty()) {
			return Set.of();
		}
		Set<String> owners = new LinkedHashSet<>();
		for (IIdType owner : fhirContext.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.of())) {
			if ("Patient".equals(owner.getResourceType()) && owner.hasIdPart()) {
				owners.add(owner.getIdPart());
			}
		}
		return owners;
	}

	/** The resources a response carries: itself, or a Bundle's entries (one level of nested Bundles). */
	private List<IBaseResource> returnedResources(IBaseResource response) {
		List<IBaseResource> resources = new ArrayList<>();
		if (response instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (entry.getResource() instanceof Bundle nested) {
					nested.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(this::isData).forEach(resources::add);
				} else if (isData(entry.getResource())) {
					resources.add(entry.getResource());
				}
			}
		} else if (isData(response)) {
			resources.add(response);
		}
		return resources;
	}

	private boolean isData(IBaseResource resource) {
		return resource != null && !(resource instanceof IBaseOperationOutcome) && !resource.getIdElement().isEmpty();
	}

	/** The request as the client sent it, relative to the FHIR base ({@code Observation?patient=1}). */
	static Optional<String> query(RequestDetails request) {
		String complete = request.getCompleteUrl();
		String base = request.getFhirServerBase();
		if (complete == null) {
			return Optional.ofNullable(request.getRequestPath());
		}
		String relative = base != null && complete.startsWith(base) ? complete.substring(base.length()) : complete;
		return Optional.of(relative.startsWith("/") ? relative.substring(1) : relative);
	}

	/** Who asked: the user and app of the bearer token, and the network address. */
	record Requester(Optional<String> userType, Optional<String> userId, Optional<String> username, Optional<String> clientId,
			Optional<String> tokenId, Optional<String> address) {

		static Requester of(RequestDetails request) {
			Optional<String> address = request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null
					? Optional.ofNullable(servlet.getServletRequest().getRemoteAddr())
					: Optional.empty();
			return current(address);
		}

		static Requester current(Optional<String> address) {
			if (!(SecurityContextHolder.getContext().getAuthentication() instanceof SmartAccessAuthentication token)) {
				return new Requester(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), address);
			}
			SmartAccessContext access = token.accessContext();
			Optional<FhirUser> user = access.fhirUser().flatMap(FhirUser::parse);
			Optional<String> username = access.subject().equals(access.clientId()) ? Optional.empty() : Optional.of(access.subject());
			return new Requester(user.map(FhirUser::type), user.map(FhirUser::id), username, Optional.of(access.clientId()),
					Optional.of(access.tokenId()), address);
		}
	}
}
