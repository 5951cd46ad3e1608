package org.fhirportal.extensions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;

/** How a read of the record reads in the patient's access log: people by name, kinds of data in words, no ids. */
class AccessLogEntriesTest {

	private final AccessLogEntries entries = new AccessLogEntries(clientId -> "Patient portal",
			username -> Optional.ofNullable(Map.of("dr-kowalski", "Dr. Anna Kowalski").get(username)));

	@Test
	void readWhenRecordHoldsBareIdOfAnOldAccessLogReadThenKindIsAccessLogNotTheId() {
		AuditEvent event = entries.toAuditEvent(new StoredAuditRecord(7, read("Patient", "42", "demo-patient", List.of("4491"))), "42");

		assertThat(dataNames(event)).containsExactly("access log");
	}

	@Test
	void readWhenTypesAreKnownOrNotThenWordsNeverTypeNames() {
		AuditEvent event = entries.toAuditEvent(new StoredAuditRecord(8,
				read("Practitioner", "5", "dr-kowalski", List.of("Observation/1", "Observation/2", "Questionnaire/3"))), "42");

		assertThat(dataNames(event)).containsExactly("test results and measurements", "other details");
		assertThat(event.getAgentFirstRep().getWho().getDisplay()).isEqualTo("Dr. Anna Kowalski (clinician)");
	}

	@Test
	void answerWhenOnePersonReadManyTimesThenTheirNameIsLookedUpOnce() {
		java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
		AccessLogEntries counted = new AccessLogEntries(clientId -> "Patient portal", username -> {
			lookups.incrementAndGet();
			return Optional.of("Dr. Anna Kowalski");
		});
		java.util.function.Function<StoredAuditRecord, AuditEvent> page = counted.forPatient("42");

		for (int id = 1; id <= 20; id++) {
			assertThat(page.apply(new StoredAuditRecord(id, read("Practitioner", "5", "dr-kowalski", List.of("Observation/" + id))))
					.getAgentFirstRep().getWho().getDisplay()).isEqualTo("Dr. Anna Kowalski (clinician)");
		}

		assertThat(lookups).hasValue(1);
	}

	private static List<String> dataNames(AuditEvent event) {
		return event.getEntity().stream().map(AuditEvent.AuditEventEntityComponent::getName).filter(n -> n != null).toList();
	}

	private static AuditRecord read(String userType, String userId, String username, List<String> returned) {
		return new AuditRecord(Instant.parse("2026-12-06T10:00:00Z"), "query", "search-type", 'E', 0, Optional.of(200),
				Optional.of("42"), Optional.of(userType), Optional.of(userId), Optional.of(username), Optional.of("fhir-portal"),
				Optional.of("jti"), Optional.empty(), Optional.empty(), returned, Optional.empty());
	}
}
