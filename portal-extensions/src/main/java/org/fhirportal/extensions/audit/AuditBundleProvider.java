package org.fhirportal.extensions.audit;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import jakarta.annotation.Nonnull;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of stored audit records, fetched at once with {@code LIMIT/OFFSET}; HAPI links the next page with
 * {@code _offset} (offset paging: the audit store is append-only, so no search needs caching).
 */
final class AuditBundleProvider implements IBundleProvider {

	private final List<IBaseResource> page;
	private final int offset;
	private final int pageSize;
	private final int total;
	private final InstantType published = InstantType.now();

	AuditBundleProvider(AuditRows rows, AuditCriteria criteria, boolean newestFirst,
			Function<StoredAuditRecord, ? extends IBaseResource> mapper, int offset, int pageSize) {
		this.offset = offset;
		this.pageSize = pageSize;
		this.total = rows.count(criteria);
		this.page = pageSize == 0 ? List.of() : rows.search(criteria, newestFirst, offset, pageSize).stream().<IBaseResource>map(mapper).toList();
	}

	@Override
	public IPrimitiveType<Date> getPublished() {
		return published;
	}

	/** Indexes count within this page: HAPI asks for 0..pageSize when the provider did the offset itself. */
	@Nonnull
	@Override
	public List<IBaseResource> getResources(int fromIndex, int toIndex) {
		return page.subList(Math.min(fromIndex, page.size()), Math.min(toIndex, page.size()));
	}

	@Override
	public String getUuid() {
		return null;
	}

	@Override
	public Integer preferredPageSize() {
		return pageSize;
	}

	@Override
	public Integer size() {
		return total;
	}

	@Override
	public Integer getCurrentPageOffset() {
		return offset;
	}

	@Override
	public Integer getCurrentPageSize() {
		return pageSize;
	}

	@Override
	public String getNextPageId() {
		return offset + page.size() < total ? UUID.randomUUID().toString() : null;
	}

	@Override
	public String getPreviousPageId() {
		return offset > 0 ? UUID.randomUUID().toString() : null;
	}
}
