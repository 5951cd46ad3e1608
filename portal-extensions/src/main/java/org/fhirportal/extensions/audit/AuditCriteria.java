package org.fhirportal.extensions.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A WHERE clause over {@code portal_audit_event}, built from search parameters: each {@code and} narrows, each
 * alternative inside one {@link #anyOf} widens. Values are always bound, never spliced into the SQL.
 */
final class AuditCriteria {

	/** One alternative of a parameter: an SQL condition with its arguments. */
	record Condition(String sql, List<Object> arguments) {
		static Condition of(String sql, Object... arguments) {
			return new Condition(sql, List.of(arguments));
		}
	}

	private final List<String> clauses = new ArrayList<>();
	private final List<Object> arguments = new ArrayList<>();

	AuditCriteria anyOf(List<Condition> alternatives) {
		if (alternatives.isEmpty()) {
			return this;
		}
		List<String> sql = new ArrayList<>();
		for (Condition alternative : alternatives) {
			sql.add("(" + alternative.sql() + ")");
			arguments.addAll(alternative.arguments());
		}
		clauses.add("(" + String.join(" OR ", sql) + ")");
		return this;
	}

	AuditCriteria and(Condition condition) {
		return anyOf(List.of(condition));
	}

	AuditCriteria recordedFrom(Instant from) {
		return and(Condition.of("recorded >= ?", utc(from)));
	}

	AuditCriteria recordedBefore(Instant before) {
		return and(Condition.of("recorded < ?", utc(before)));
	}

	AuditCriteria recordedUntil(Instant until) {
		return and(Condition.of("recorded <= ?", utc(until)));
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	AuditCriteria kindIn(Set<String> kinds) {
		return and(Condition.of("kind IN (" + String.join(",", kinds.stream().map(k -> "?").toList()) + ")", kinds.toArray()));
	}

	/** An impossible condition, for a parameter value that can match nothing. */
	static Condition never() {
		return Condition.of("1 = 0");
	}

	static Condition returnedContains(String reference) {
		return Condition.of("(' ' || returned || ' ') LIKE ?", "% " + reference.replace("%", "").replace("_", "\\_") + " %");
	}

	String where() {
		return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
	}

	List<Object> arguments() {
		return List.copyOf(arguments);
	}
}
