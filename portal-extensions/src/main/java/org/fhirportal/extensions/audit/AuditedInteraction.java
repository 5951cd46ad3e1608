package org.fhirportal.extensions.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import java.util.Optional;

/**
 * What kind of audit record an interaction gives (IHE BALP): reads of a known resource are {@code read} with
 * action R, searches, history of a type or the system and operations are {@code query} with action E, writes are
 * {@code create}/{@code update}/{@code delete} with action C/U/D.
 *
 * @param kind {@link AuditRecord#kind()}
 * @param subtype {@link AuditRecord#subtype()}: the FHIR restful interaction, or the operation name ({@code $everything})
 * @param action {@link AuditRecord#action()}
 */
record AuditedInteraction(String kind, String subtype, char action) {

	static final String READ = "read";
	static final String QUERY = "query";

	/** The interaction of a request, or empty for those that carry no data (capabilities, tags, validation). */
	static Optional<AuditedInteraction> of(RestOperationTypeEnum operation, String operationName) {
		if (operation == null) {
			return Optional.empty();
		}
		return Optional.ofNullable(switch (operation) {
			case READ -> new AuditedInteraction(READ, "read", 'R');
			case VREAD -> new AuditedInteraction(READ, "vread", 'R');
			case HISTORY_INSTANCE -> new AuditedInteraction(READ, "history-instance", 'R');
			case HISTORY_TYPE -> new AuditedInteraction(QUERY, "history-type", 'E');
			case HISTORY_SYSTEM -> new AuditedInteraction(QUERY, "history-system", 'E');
			case SEARCH_TYPE, GET_PAGE -> new AuditedInteraction(QUERY, "search-type", 'E');
			case SEARCH_SYSTEM -> new AuditedInteraction(QUERY, "search-system", 'E');
			case GRAPHQL_REQUEST -> new AuditedInteraction(QUERY, "$graphql", 'E');
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE -> operation(operationName);
			case CREATE -> new AuditedInteraction("create", "create", 'C');
			case UPDATE -> new AuditedInteraction("update", "update", 'U');
			case PATCH -> new AuditedInteraction("update", "patch", 'U');
			case DELETE -> new AuditedInteraction("delete", "delete", 'D');
			case TRANSACTION -> new AuditedInteraction(QUERY, "transaction", 'E');
			case BATCH -> new AuditedInteraction(QUERY, "batch", 'E');
			default -> null;
		});
	}

	/**
	 * The interaction of one GET entry of a batch or transaction, by what it answered: a single resource is a read
	 * (access control may have rewritten the entry's URL into a search, so the answer is the better witness), a
	 * Bundle a search, history or operation.
	 */
	static AuditedInteraction ofEntry(String url, boolean answeredWithBundle) {
		AuditedInteraction byUrl = ofEntryUrl(url);
		if (!answeredWithBundle && !READ.equals(byUrl.kind()) && !byUrl.subtype().startsWith("$")) {
			return new AuditedInteraction(READ, "read", 'R');
		}
		return byUrl;
	}

	/** The interaction a URL names: a read when it names a resource, else a search, history or operation. */
	static AuditedInteraction ofEntryUrl(String url) {
		String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
		String[] parts = path.replaceFirst("^/", "").split("/");
		if (parts.length >= 2 && !parts[1].startsWith("$") && !parts[1].startsWith("_")) {
			if (parts.length >= 4 && "_history".equals(parts[2])) {
				return new AuditedInteraction(READ, "vread", 'R');
			}
			if (parts.length == 3 && "_history".equals(parts[2])) {
				return new AuditedInteraction(READ, "history-instance", 'R');
			}
			if (parts.length == 2) {
				return new AuditedInteraction(READ, "read", 'R');
			}
		}
		String last = parts[parts.length - 1];
		if (last.startsWith("$")) {
			return operation(last);
		}
		if ("_history".equals(last)) {
			return new AuditedInteraction(QUERY, parts.length == 1 ? "history-system" : "history-type", 'E');
		}
		return new AuditedInteraction(QUERY, path.isEmpty() ? "search-system" : "search-type", 'E');
	}

	private static AuditedInteraction operation(String name) {
		String operation = name == null ? "$operation" : name.startsWith("$") ? name : "$" + name;
		return "$export".equals(operation)
				? new AuditedInteraction("export", operation, 'E')
				: new AuditedInteraction(QUERY, operation, 'E');
	}

	boolean isWrite() {
		return action == 'C' || action == 'U' || action == 'D';
	}
}
