package org.fhirportal.extensions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Which references an audit record keeps of the resources a response carried. */
class AuditRecordFactoryTest {

	private final AuditRecordFactory factory = new AuditRecordFactory(FhirContext.forR4Cached(),
			Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));

	@Test
	void accessLogWhenItsAuditEventsCarryBareIdsThenReferencesAreTyped() {
		AuditEvent event = new AuditEvent();
		event.setId("4491");
		Bundle log = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		log.addEntry().setResource(event);

		List<AuditRecord> records = factory.forResponse(operation("$access-log"), log, 200);

		assertThat(records).flatExtracting(AuditRecord::returned).containsExactly("AuditEvent/4491");
	}

	@Test
	void searchWhenResourcesCarryFullIdsThenReferencesAreTypedAndVersionless() {
		Observation lab = new Observation().setSubject(new Reference("Patient/7"));
		lab.setId("http://example.org/fhir/Observation/12/_history/3");
		Bundle found = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		found.addEntry().setResource(lab);
		SystemRequestDetails search = new SystemRequestDetails();
		search.setRestOperationType(RestOperationTypeEnum.SEARCH_TYPE);

		List<AuditRecord> records = factory.forResponse(search, found, 200);

		assertThat(records).singleElement().satisfies(record -> {
			assertThat(record.patientId()).contains("7");
			assertThat(record.returned()).containsExactly("Observation/12");
		});
	}

	private static SystemRequestDetails operation(String name) {
		SystemRequestDetails request = new SystemRequestDetails();
		request.setRestOperationType(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);
		request.setOperation(name);
		return request;
	}
}
