package org.fhirportal.extensions.access;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationFlagsEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Set;
import java.util.function.Predicate;
import org.fhirportal.auth.scope.Permission;
import org.fhirportal.auth.scope.SmartScope;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Denies the interactions a token's scopes do not name: HAPI's {@code read()} rules cover read, vread, search and
 * history alike, and {@code write()} covers create and update, while SMART separates {@code r} (read, vread) from
 * {@code s} (search, history) and {@code c} from {@code u}. A request (or transaction entry, or returned resource)
 * of a type is denied here when no usable scope grants the letter it needs, and an update or delete of an
 * AuditEvent always is; everything else is left to the rules after it, as are reads of a Binary without a Binary
 * scope (bulk export files, which only their requester may read). Hand-written because HAPI's
 * {@code RuleBuilder} has no search-only, read-only or update-only operation.
 */
final class ScopeInteractionRule implements IAuthRule {

	private final Predicate<SmartScope> usable;
	private final Iterable<SmartScope> scopes;
	private final boolean hideAuditEvents;

	/**
	 * @param hideAuditEvents true for patients and caregivers, who never read raw AuditEvents (a request on the
	 *                        AuditEvent type is denied here, not by a HAPI deny-read rule, because those also match
	 *                        every paging request)
	 */
	ScopeInteractionRule(Iterable<SmartScope> scopes, Predicate<SmartScope> usable, boolean hideAuditEvents) {
		this.scopes = scopes;
		this.usable = usable;
		this.hideAuditEvents = hideAuditEvents;
	}

	@Override
	public Verdict applyRule(RestOperationTypeEnum operation, RequestDetails request, IBaseResource inputResource, IIdType inputResourceId,
			IBaseResource outputResource, IRuleApplier ruleApplier, Set<AuthorizationFlagsEnum> flags, Pointcut pointcut) {
		Permission needed = switch (operation) {
			case READ, VREAD -> Permission.READ;
			case SEARCH_TYPE, SEARCH_SYSTEM, HISTORY_TYPE, HISTORY_SYSTEM, HISTORY_INSTANCE -> Permission.SEARCH;
			case CREATE -> Permission.CREATE;
			case UPDATE, PATCH -> Permission.UPDATE;
			case DELETE -> Permission.DELETE;
			default -> outputResource != null ? Permission.SEARCH : null; // pages and operation results
		};
		if (needed == null || request == null) {
			return null;
		}
		String type = typeOf(request, inputResource, inputResourceId, outputResource);
		if ("AuditEvent".equals(type) && (needed == Permission.UPDATE || needed == Permission.DELETE)) {
			return new Verdict(PolicyEnum.DENY, this); // audit records are never changed, whatever the scope
		}
		if (hideAuditEvents && "AuditEvent".equals(request.getResourceName())) {
			return new Verdict(PolicyEnum.DENY, this); // and never read raw by patients (AuditEventHidingInterceptor drops them elsewhere)
		}
		if (outputResource != null && needed == Permission.SEARCH && !isSearchOrPage(operation)) {
			return null; // an operation's results ($everything): the rules after this one check each resource
		}
		if (granted(needed, type) || (needed == Permission.READ && "Binary".equals(type))) {
			return null; // (a Binary without a Binary scope is a bulk export file: the rules after this one decide)
		}
		return new Verdict(PolicyEnum.DENY, this);
	}

	private static boolean isSearchOrPage(RestOperationTypeEnum operation) {
		return operation == RestOperationTypeEnum.GET_PAGE || operation == RestOperationTypeEnum.SEARCH_TYPE
				|| operation == RestOperationTypeEnum.SEARCH_SYSTEM || operation.name().startsWith("HISTORY");
	}

	private static String typeOf(RequestDetails request, IBaseResource input, IIdType inputId, IBaseResource output) {
		if (output != null) {
			return request.getFhirContext().getResourceType(output);
		}
		if (input != null) {
			return request.getFhirContext().getResourceType(input);
		}
		if (inputId != null && inputId.hasResourceType()) {
			return inputId.getResourceType();
		}
		return request.getResourceName();
	}

	private boolean granted(Permission needed, String type) {
		for (SmartScope scope : scopes) {
			if (usable.test(scope) && scope.permissions().contains(needed)
					&& (type == null || scope.isAnyType() || scope.resourceType().equals(type))) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String getName() {
		return "SMART r/s letters";
	}
}
