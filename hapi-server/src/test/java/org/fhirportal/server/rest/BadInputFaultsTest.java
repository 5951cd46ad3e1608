package org.fhirportal.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.junit.jupiter.api.Test;

/**
 * The translations that cannot be provoked over HTTP on a small test database: a search cancelled by the statement
 * timeout (checked by hand on the demo data with {@code portal.fhir.limits.search-timeout=1s}: a five-key sort of
 * Observations was cancelled after 1 s), which HAPI rethrows from its search thread by message only.
 */
class BadInputFaultsTest {

	private final BadInputFaults faults = new BadInputFaults();

	@Test
	void translateWhenH2CancelledTheSearchThen503WithoutSql() {
		BaseServerResponseException answer = faults.translate(null, new InternalErrorException(
				"Statement was canceled or the session timed out; SQL statement:\nSELECT t0.RES_ID FROM HFJ_RESOURCE t0 [57014-232]"));

		assertThat(answer.getStatusCode()).isEqualTo(503);
		assertThat(answer.getMessage()).contains("took longer").doesNotContain("SELECT").doesNotContain("HFJ_");
	}

	@Test
	void translateWhenPostgresCancelledTheSearchThen503() {
		BaseServerResponseException answer = faults.translate(null, new InternalErrorException(
				"ERROR: canceling statement due to statement timeout"));

		assertThat(answer.getStatusCode()).isEqualTo(503);
	}

	@Test
	void translateWhenAnotherDatabaseFailureThen500WithoutSql() {
		BaseServerResponseException answer = faults.translate(null, new InternalErrorException(
				"HAPI-1262: JDBC exception executing SQL [SELECT t0.RES_ID FROM HFJ_RESOURCE t0]"));

		assertThat(answer.getStatusCode()).isEqualTo(500);
		assertThat(answer.getMessage()).doesNotContain("SELECT");
	}

	@Test
	void translateWhenAlreadyAClientErrorThenLeftAlone() {
		assertThat(faults.translate(null, new ResourceNotFoundException("Patient/1"))).isNull();
	}
}
