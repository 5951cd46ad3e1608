package org.fhirportal.extensions.audit;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

/**
 * AuditEvent over the FHIR API, read-only, from the portal's audit store (it replaces the JPA AuditEvent provider,
 * so AuditEvents can be neither created, updated nor deleted): read by id, and search by the IHE BALP search
 * parameters ({@code patient}, {@code date}, {@code agent}, {@code entity}, {@code entity-type}, {@code type},
 * {@code subtype}, {@code action}, {@code outcome}) and the IG's {@code returned-resource}, oldest first (so that
 * paging stays stable while the trail grows), paged by {@code _count} and {@code _offset}. Who may search is access control's business ({@link AuditOperationRules}).
 */
public final class AuditEventResourceProvider implements IResourceProvider {

	private final AuditStore store;
	private final AuditEventMapper mapper = new AuditEventMapper();
	private final int defaultPageSize;
	private final int maxPageSize;

	AuditEventResourceProvider(AuditStore store, int defaultPageSize, int maxPageSize) {
		this.store = store;
		this.defaultPageSize = defaultPageSize;
		this.maxPageSize = maxPageSize;
	}

	@Override
	public Class<AuditEvent> getResourceType() {
		return AuditEvent.class;
	}

	@Read
	public AuditEvent read(@IdParam IdType id) {
		if (!id.isIdPartValidLong()) {
			throw new ResourceNotFoundException(id);
		}
		return store.rows().find(id.getIdPartAsLong()).map(mapper::toAuditEvent).orElseThrow(() -> new ResourceNotFoundException(id));
	}

	@Search(allowUnknownParams = false)
	public IBundleProvider search(
			@Description(shortDefinition = "The patient whose data was accessed")
			@OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceAndListParam patient,
			@Description(shortDefinition = "When the event was recorded")
			@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
			@Description(shortDefinition = "The user who accessed (Patient/1, Practitioner/2)")
			@OptionalParam(name = AuditEvent.SP_AGENT) ReferenceAndListParam agent,
			@Description(shortDefinition = "The patient or a resource accessed")
			@OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceAndListParam entity,
			@Description(shortDefinition = "Entity type: 1 (person) or 2 (system object)")
			@OptionalParam(name = AuditEvent.SP_ENTITY_TYPE) TokenAndListParam entityType,
			@Description(shortDefinition = "rest, or 110114 for authorization server events")
			@OptionalParam(name = AuditEvent.SP_TYPE) TokenAndListParam type,
			@Description(shortDefinition = "The interaction (read, search-type, operation...) or 110122 for sign-ins")
			@OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenAndListParam subtype,
			@Description(shortDefinition = "C, R, U, D or E")
			@OptionalParam(name = AuditEvent.SP_ACTION) TokenAndListParam action,
			@Description(shortDefinition = "0 success, 4 refused, 8 failed")
			@OptionalParam(name = AuditEvent.SP_OUTCOME) TokenAndListParam outcome,
			@Description(shortDefinition = "A resource the audited request returned")
			@OptionalParam(name = "returned-resource") ReferenceAndListParam returned,
			@Offset Integer offset,
			@Count Integer count) {
		AuditCriteria criteria = AuditSearchParameters.criteria(patient, date, agent, entity, entityType, type, subtype, action, outcome, returned);
		int pageSize = count == null ? defaultPageSize : Math.max(0, Math.min(count, maxPageSize));
		return new AuditBundleProvider(store.rows(), criteria, false, mapper::toAuditEvent, offset == null ? 0 : Math.max(0, offset), pageSize);
	}
}
