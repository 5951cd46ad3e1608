package org.fhirportal.extensions.access;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fhirportal.auth.resource.SmartAccessAuthentication;
import org.fhirportal.auth.resource.SmartAccessContext;
import org.fhirportal.auth.scope.Permission;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The guard of the FHIR endpoint: HAPI's {@link AuthorizationInterceptor}, with rules built from
 * the validated token's {@link SmartAccessContext} and its {@link AccessReaches} by {@link PatientCompartmentRules}
 * (kept per token and reach, see {@code ruleLists}).
 * A request without an access context (which the resource server lets through only for public paths) gets the
 * capability statement only.
 *
 * <p>Existence does not leak: a read of a resource the token's scopes cover by type but whose compartment (or
 * granular query) it does not reach is answered 404 exactly as for an id that does not exist; denials by scope
 * stay 403 with an OperationOutcome.
 */
public class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

	static final String REACHES = SmartAuthorizationInterceptor.class.getName() + ".reaches";
	private static final String RULES = SmartAuthorizationInterceptor.class.getName() + ".rules";
	private static final Set<RestOperationTypeEnum> INSTANCE_READS =
			Set.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD, RestOperationTypeEnum.HISTORY_INSTANCE);

	private static final List<IAuthRule> NO_TOKEN =
			new RuleBuilder().allow("capabilities").metadata().andThen().denyAll("no access token").build();

	private final PatientCompartmentRules rules;
	private final AccessReachResolver reachResolver;
	/**
	 * Rule lists by token and reach: an app sends many requests with one token, and building its rules was a few
	 * percent of a read's CPU time. The reach is resolved on every request (a revoked proxy grant or a new care
	 * relationship counts at once) and is part of the key. The rules are functions of the two, except for account
	 * facts that rarely change ({@link AnalystAccounts}), which a live token sees within the 5 minutes. One list
	 * serves concurrent requests: HAPI's rules do not change once built, except the compartment modifications that
	 * HAPI's builder makes, which is why every compartment rule holds a {@link SharedCompartmentModifications}.
	 */
	private final Cache<RuleKey, List<IAuthRule>> ruleLists =
			Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

	private record RuleKey(SmartAccessContext access, AccessReaches reaches) {}

	public SmartAuthorizationInterceptor(PatientCompartmentRules rules, AccessReachResolver reachResolver) {
		super(PolicyEnum.DENY);
		this.rules = Objects.requireNonNull(rules, "rules");
		this.reachResolver = Objects.requireNonNull(reachResolver, "reachResolver");
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		Object cached = request == null ? null : request.getUserData().get(RULES);
		if (cached != null) {
			return (List<IAuthRule>) cached;
		}
		List<IAuthRule> built = currentAccess()
				.map(access -> {
					AccessReaches reaches = reaches(request, access);
					return ruleLists.get(new RuleKey(access, reaches), key -> rules.forContext(access, reaches));
				})
				.orElse(NO_TOKEN);
		if (request != null) {
			request.getUserData().put(RULES, built);
		}
		return built;
	}

	/**
	 * A conditional create whose condition matches an existing resource answers that resource (200) without creating
	 * anything, and HAPI does not check a create's response: the matched resource is checked here as a read, so a
	 * condition aimed at another patient's data cannot return it.
	 */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void hookConditionalCreateMatch(RequestDetails request, IBaseResource response, ResponseDetails details) {
		if (request != null && response != null && details != null && details.getResponseCode() == 200
				&& request.getRestOperationType() == RestOperationTypeEnum.CREATE) {
			Verdict verdict = applyRulesAndReturnDecision(RestOperationTypeEnum.READ, request, null, response.getIdElement(), response,
					Pointcut.SERVER_OUTGOING_RESPONSE);
			if (verdict.getDecision() != PolicyEnum.ALLOW) {
				throw new ForbiddenOperationException("Access denied: the condition matches a resource outside this token's access");
			}
		}
	}

	@Override
	protected void handleDeny(RequestDetails request, Verdict verdict) {
		if (request != null && INSTANCE_READS.contains(request.getRestOperationType()) && request.getId() != null
				&& grantsTypeRead(request.getResourceName())) {
			IIdType id = request.getId().toUnqualifiedVersionless();
			// Word for word what HAPI's JPA storage answers for an unknown id.
			throw new ResourceNotFoundException(Msg.code(2001) + "Resource " + id.getValue() + " is not known");
		}
		super.handleDeny(request, verdict);
	}

	/** The token's reach, resolved once per request (proxy grants and care relationships are looked up here). */
	static AccessReaches reaches(RequestDetails request, SmartAccessContext access, AccessReachResolver resolver) {
		if (request == null) {
			return resolver.resolve(access);
		}
		return (AccessReaches) request.getUserData().computeIfAbsent(REACHES, key -> resolver.resolve(access));
	}

	AccessReaches reaches(RequestDetails request, SmartAccessContext access) {
		return reaches(request, access, reachResolver);
	}

	private boolean grantsTypeRead(String type) {
		return currentAccess().stream().flatMap(access -> access.scopes().resourceScopes().stream())
				.anyMatch(scope -> scope.permissions().contains(Permission.READ)
						&& (scope.isAnyType() || scope.resourceType().equals(type)));
	}

	static Optional<SmartAccessContext> currentAccess() {
		return SecurityContextHolder.getContext().getAuthentication() instanceof SmartAccessAuthentication token
				? Optional.of(token.accessContext())
				: Optional.empty();
	}
}
