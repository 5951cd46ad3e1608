package org.fhirportal.extensions.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.util.BundleUtil;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Binds HAPI's paging links to their requester: a search response's {@code _getpages} id is recorded for the
 * token subject it was returned to (in the database, so every node knows it), and a page fetch by another subject
 * is answered exactly as for an expired search (410), so one user can never page through another's results nor
 * learn that the search exists. Hand-written: HAPI's paging provider does not know who searched.
 */
public class SearchPageOwnershipInterceptor {

	private static final Duration KEEP = Duration.ofDays(1);

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

	public SearchPageOwnershipInterceptor(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void incomingRequestPreHandled(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation == RestOperationTypeEnum.GET_PAGE) {
			handlePageFetch(request);
		}
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void outgoingResponse(RequestDetails request, IBaseResource response) {
		if (response instanceof IBaseBundle bundle) {
			handleSearchResponse(request, bundle);
		}
	}

	private void handlePageFetch(RequestDetails request) {
		String[] ids = request.getParameters().get(Constants.PARAM_PAGINGACTION);
		String searchId = ids == null || ids.length == 0 ? "" : ids[0];
		Optional<String> subject = subject();
		Integer owned = subject.map(s -> jdbc.queryForObject(
				"SELECT COUNT(*) FROM portal_search_owner WHERE search_id = ? AND subject = ?", Integer.class, searchId, s)).orElse(0);
		if (owned == null || owned == 0) {
			throw new ResourceGoneException("Search ID \"" + searchId + "\" does not exist and may have expired");
		}
	}

	private void handleSearchResponse(RequestDetails request, IBaseBundle bundle) {
		if (request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE) {
			return;
		}
		String next = BundleUtil.getLinkUrlOfType(request.getFhirContext(), bundle, "next");
		Optional<String> searchId = searchIdIn(next);
		Optional<String> subject = subject();
		if (searchId.isPresent() && subject.isPresent()) {
			try {
				jdbc.update("INSERT INTO portal_search_owner (search_id, subject, created_at) VALUES (?, ?, ?)",
						searchId.get(), subject.get(), Timestamp.from(clock.instant()));
			} catch (DuplicateKeyException sameSearchAgain) {
				// a cached search returned to the same subject twice
			}
			purgeHourly();
		}
	}

	static Optional<String> searchIdIn(String link) {
		if (link == null) {
			return Optional.empty();
		}
		int at = link.indexOf(Constants.PARAM_PAGINGACTION + "=");
		if (at < 0) {
			return Optional.empty();
		}
		String rest = link.substring(at + Constants.PARAM_PAGINGACTION.length() + 1);
		int end = rest.indexOf('&');
		return Optional.of(end < 0 ? rest : rest.substring(0, end)).filter(id -> !id.isEmpty());
	}

	private static Optional<String> subject() {
		return SmartAuthorizationInterceptor.currentAccess().map(access -> access.subject());
	}

	private void purgeHourly() {
		Instant now = clock.instant();
		Instant last = lastPurge.get();
		if (now.isAfter(last.plus(Duration.ofHours(1))) && lastPurge.compareAndSet(last, now)) {
			jdbc.update("DELETE FROM portal_search_owner WHERE created_at < ?", Timestamp.from(now.minus(KEEP)));
		}
	}
}
