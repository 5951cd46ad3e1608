package org.fhirportal.extensions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How requests map onto BALP kinds, subtypes and actions, and which resource a read names. */
class AuditedInteractionTest {

	@Test
	void readsOfAKnownResourceThenActionR() {
		assertThat(AuditedInteraction.of(RestOperationTypeEnum.READ, null)).contains(new AuditedInteraction("read", "read", 'R'));
		assertThat(AuditedInteraction.of(RestOperationTypeEnum.VREAD, null)).contains(new AuditedInteraction("read", "vread", 'R'));
		assertThat(AuditedInteraction.of(RestOperationTypeEnum.HISTORY_INSTANCE, null).map(AuditedInteraction::action)).contains('R');
	}

	@Test
	void searchesPagesHistoryAndOperationsThenQueriesWithActionE() {
		assertThat(AuditedInteraction.of(RestOperationTypeEnum.GET_PAGE, null)).contains(new AuditedInteraction("query", "search-type", 'E'));
		assertThat(AuditedInteraction.of(RestOperationTypeEnum.HISTORY_SYSTEM, null)).contains(new AuditedInteraction("query", "history-system", 'E'));
		assertThat(AuditedInteraction.of(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "$everything"))
				.contains(new AuditedInteraction("query", "$everything", 'E'));
		assertThat(AuditedInteraction.of(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, "$export"))
				.contains(new AuditedInteraction("export", "$export", 'E'));
	}

	@Test
	void capabilitiesThenNotAudited() {
		assertThat(AuditedInteraction.of(RestOperationTypeEnum.METADATA, null)).isEmpty();
	}

	@Test
	void batchEntryThenClassifiedByWhatItAnswered() {
		assertThat(AuditedInteraction.ofEntry("Patient/1", false)).isEqualTo(new AuditedInteraction("read", "read", 'R'));
		assertThat(AuditedInteraction.ofEntry("Patient?_id=1", false).subtype()).isEqualTo("read");
		assertThat(AuditedInteraction.ofEntry("Observation?patient=1", true)).isEqualTo(new AuditedInteraction("query", "search-type", 'E'));
		assertThat(AuditedInteraction.ofEntry("Observation/1/_history/2", false).subtype()).isEqualTo("vread");
		assertThat(AuditedInteraction.ofEntry("Patient/1/$everything", true).subtype()).isEqualTo("$everything");
	}

	@Test
	void dataEntityThenTheResourceTheRequestNamed() {
		assertThat(AuditEventMapper.dataReference(withQuery("vread", "Observation/1/_history/2"))).contains("Observation/1/_history/2");
		assertThat(AuditEventMapper.dataReference(withQuery("read", "Patient/7?_format=json"))).contains("Patient/7");
		assertThat(AuditEventMapper.dataReference(withQuery("$everything", "Patient/7/$everything"))).contains("Patient/7");
		assertThat(AuditEventMapper.dataReference(withQuery("search-type", "Observation?patient=7"))).isEmpty();
		assertThat(AuditEventMapper.dataReference(withQuery("search-type", "?_getpages=abc"))).isEmpty();
	}

	private static AuditRecord withQuery(String subtype, String query) {
		return new AuditRecord(Instant.now(), "read", subtype, 'R', 0, Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(query), List.of(),
				Optional.empty());
	}
}
