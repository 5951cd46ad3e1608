package org.fhirportal.server.ig;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingInterceptor;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingRuleBuilder;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.ResourceUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Requires portal writes to conform to the portal's profiles: a create or update that {@link
 * PortalProfileSelector} calls a portal write gets the portal profile declared in {@code meta.profile} (so the
 * stored resource says what it is, and {@code _profile} finds it) and is validated against it with HAPI's
 * repository validation rules ({@link RepositoryValidatingRuleBuilder#forResourcesOfType} then {@code
 * requireValidationToDeclaredProfiles()}), i.e. with the server's own validation support: the installed IG,
 * the terminology and the referenced resources. A write with errors is refused with 422 Unprocessable Entity
 * and the validator's OperationOutcome, whose issues name the offending elements.
 *
 * <p>Why not HAPI's {@link RepositoryValidatingInterceptor} itself: it applies a type's rules to every write of
 * that type and answers 412. The portal must leave EHR pushes of plain resources alone (they are not
 * validated at all) and the FHIR specification's answer to a resource that breaks a profile is 422.
 *
 * <p>Registered on the {@code RestfulServer}, so it sees writes that come over the FHIR API (including each
 * entry of a transaction), not the server's own internal writes (package installation, demo data).
 */
@Interceptor
public final class PortalProfileValidatingInterceptor {

	private final FhirContext context;
	private final PortalProfileSelector selector;
	private final Map<String, IRepositoryValidatingRule> rulesByType = new HashMap<>();

	/**
	 * @param ruleBuilders HAPI's (prototype) rule builder, wired with the server's validation support
	 * @param profileTypes the IG's profiles: canonical URL to the resource type it constrains
	 */
	PortalProfileValidatingInterceptor(
			FhirContext context, Supplier<RepositoryValidatingRuleBuilder> ruleBuilders, Map<String, String> profileTypes) {
		this.context = Objects.requireNonNull(context, "context");
		this.selector = new PortalProfileSelector(profileTypes);
		for (String type : Map.copyOf(profileTypes).values()) {
			rulesByType.computeIfAbsent(type, t -> onlyRule(ruleBuilders.get()
					.forResourcesOfType(t)
					.requireValidationToDeclaredProfiles()
					.build()));
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void resourceCreated(RequestDetails request, IBaseResource resource) {
		handleWrite(request, resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void resourceUpdated(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
		handleWrite(request, newResource);
	}

	/**
	 * Validates the resource as a portal write is validated, without storing anything: when it is a portal write,
	 * the portal profile is declared on it and it is validated against its declared profiles.
	 *
	 * @return the failed evaluation, or empty when the resource conforms or is not a portal write
	 */
	Optional<IRepositoryValidatingRule.RuleEvaluation> check(RequestDetails request, IBaseResource resource) {
		Optional<String> profile = selector.requiredProfile(resource);
		IRepositoryValidatingRule rule = rulesByType.get(context.getResourceType(resource));
		if (profile.isEmpty() || rule == null) {
			return Optional.empty();
		}
		declare(resource, profile.get());
		IRepositoryValidatingRule.RuleEvaluation evaluation = rule.evaluate(request, resource);
		return evaluation.isPasses() ? Optional.empty() : Optional.of(evaluation);
	}

	private void handleWrite(RequestDetails request, IBaseResource resource) {
		check(request, resource).ifPresent(failure -> {
			throw new UnprocessableEntityException(
					context.getResourceType(resource) + " does not conform to the portal profile it must follow",
					ValidationOutcomes.pointAtElements(failure.getOperationOutcome()));
		});
	}

	private static void declare(IBaseResource resource, String profile) {
		boolean declared = resource.getMeta().getProfile().stream()
				.map(p -> p.getValueAsString())
				.anyMatch(p -> profile.equals(p) || (p != null && p.startsWith(profile + "|")));
		if (!declared) {
			resource.getMeta().addProfile(profile);
			// HAPI validates the request body as received when it has it; it must see the declaration.
			ResourceUtil.clearRawStringFromResource(resource);
		}
	}

	private static IRepositoryValidatingRule onlyRule(List<IRepositoryValidatingRule> rules) {
		if (rules.size() != 1) {
			throw new IllegalStateException("expected one validation rule per resource type, got " + rules);
		}
		return rules.get(0);
	}
}
