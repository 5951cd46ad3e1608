package org.fhirportal.extensions.audit;

import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fhirportal.extensions.audit.AuditCriteria.Condition;

/**
 * The IHE BALP AuditEvent search parameters translated to conditions on the audit store's columns. Tokens
 * match the codes the {@link AuditEventMapper} writes; a code that no stored event can carry matches nothing.
 */
final class AuditSearchParameters {

	private AuditSearchParameters() {}

	static AuditCriteria criteria(ReferenceAndListParam patient, DateRangeParam date, ReferenceAndListParam agent,
			ReferenceAndListParam entity, TokenAndListParam entityType, TokenAndListParam type, TokenAndListParam subtype,
			TokenAndListParam action, TokenAndListParam outcome, ReferenceAndListParam returned) {
		AuditCriteria criteria = new AuditCriteria();
		references(criteria, patient, AuditSearchParameters::patient);
		references(criteria, agent, AuditSearchParameters::agent);
		references(criteria, entity, AuditSearchParameters::entity);
		references(criteria, returned, reference -> AuditCriteria.returnedContains(typed(reference, null)));
		tokens(criteria, entityType, AuditSearchParameters::entityType);
		tokens(criteria, type, AuditSearchParameters::type);
		tokens(criteria, subtype, AuditSearchParameters::subtype);
		tokens(criteria, action, token -> Condition.of("action = ?", token.getValue().toUpperCase()));
		tokens(criteria, outcome, AuditSearchParameters::outcome);
		if (date != null) {
			if (date.getLowerBoundAsInstant() != null) {
				criteria.recordedFrom(date.getLowerBoundAsInstant().toInstant());
			}
			if (date.getUpperBoundAsInstant() != null) {
				criteria.recordedUntil(date.getUpperBoundAsInstant().toInstant());
			}
		}
		return criteria;
	}

	private static Condition patient(ReferenceParam reference) {
		String typed = typed(reference, "Patient");
		return typed.startsWith("Patient/") ? Condition.of("patient_id = ?", typed.substring("Patient/".length())) : AuditCriteria.never();
	}

	private static Condition agent(ReferenceParam reference) {
		String typed = typed(reference, null);
		int slash = typed.indexOf('/');
		if (slash < 0) {
			return Condition.of("user_id = ?", typed);
		}
		return Condition.of("user_type = ? AND user_id = ?", typed.substring(0, slash), typed.substring(slash + 1));
	}

	private static Condition entity(ReferenceParam reference) {
		String typed = typed(reference, null);
		Condition returned = AuditCriteria.returnedContains(typed);
		if (typed.startsWith("Patient/")) {
			return Condition.of("patient_id = ? OR " + returned.sql(), typed.substring("Patient/".length()), returned.arguments().get(0));
		}
		return Condition.of("query = ? OR query LIKE ? OR " + returned.sql(), typed, typed + "/%", returned.arguments().get(0));
	}

	private static Condition entityType(TokenParam token) {
		return switch (token.getValue()) {
			case "1" -> Condition.of("patient_id IS NOT NULL");
			case "2" -> Condition.of("kind <> 'security'");
			default -> AuditCriteria.never();
		};
	}

	private static Condition type(TokenParam token) {
		return switch (token.getValue()) {
			case "rest" -> Condition.of("kind <> 'security'");
			case "110114" -> Condition.of("kind = 'security'");
			default -> AuditCriteria.never();
		};
	}

	private static Condition subtype(TokenParam token) {
		String code = token.getValue();
		return switch (code) {
			case "110122" -> Condition.of("kind = 'security' AND subtype IN ('sign_in', 'mfa', 'lockout')");
			case "operation" -> Condition.of("subtype LIKE '$%'");
			default -> code.startsWith("$") || !code.contains("_")
					? Condition.of("kind <> 'security' AND subtype = ?", code)
					: Condition.of("kind = 'security' AND subtype = ?", code);
		};
	}

	private static Condition outcome(TokenParam token) {
		try {
			return Condition.of("outcome = ?", Integer.parseInt(token.getValue()));
		} catch (NumberFormatException e) {
			throw new InvalidRequestException("AuditEvent outcome must be 0, 4, 8 or 12, was '" + token.getValue() + "'");
		}
	}

	/** A reference parameter as {@code Type/id} (a bare id takes {@code defaultType} when given). */
	private static String typed(ReferenceParam reference, String defaultType) {
		String value = reference.getValue();
		if (value.contains("/")) {
			String[] parts = value.split("/");
			return parts[parts.length - 2] + "/" + parts[parts.length - 1];
		}
		String type = reference.getResourceType() != null ? reference.getResourceType() : defaultType;
		return type == null ? value : type + "/" + value;
	}

	private static void references(AuditCriteria criteria, ReferenceAndListParam and, Function<ReferenceParam, Condition> condition) {
		if (and == null) {
			return;
		}
		for (ReferenceOrListParam or : and.getValuesAsQueryTokens()) {
			List<Condition> alternatives = new ArrayList<>();
			or.getValuesAsQueryTokens().forEach(reference -> alternatives.add(condition.apply(reference)));
			criteria.anyOf(alternatives);
		}
	}

	private static void tokens(AuditCriteria criteria, TokenAndListParam and, Function<TokenParam, Condition> condition) {
		if (and == null) {
			return;
		}
		for (TokenOrListParam or : and.getValuesAsQueryTokens()) {
			List<Condition> alternatives = new ArrayList<>();
			or.getValuesAsQueryTokens().forEach(token -> alternatives.add(condition.apply(token)));
			criteria.anyOf(alternatives);
		}
	}
}
