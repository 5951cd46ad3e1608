package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.junit.jupiter.api.Test;

/**
 * Bad input answers 4xx with an OperationOutcome, never 5xx, and the server goes on serving (issue 22, item 9).
 * Each case was a 500 (or a silent 201, or a booking of the first of two slots) before.
 */
@PortalServerTest
class BadInputTest extends AdminFhirClient {



	@Test
	void batchWhenEntryHasNoRequestUrlThenEntryRefusedWith400() {
		HttpResponse<String> batch = admin.post("", FHIR_JSON,
				"{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"GET\"}}]}");

		assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
		assertThat(batch.body()).contains("\"status\":\"400").contains("OperationOutcome");
		assertStillServes();
	}

	@Test
	void accessLogWhenCountIsNotANumberThen400NamingCount() {
		String patient = createPatient();

		assertRefused(admin.get("/Patient/" + patient + "/$access-log?_count=abc"), 400, "_count");
	}

	@Test
	void readWhenIdOverflowsALongThen4xx() {
		HttpResponse<String> read = admin.get("/AuditEvent/99999999999999999999999");

		assertThat(read.statusCode()).as(read.body()).isBetween(400, 499);
		assertThat(read.body()).contains("OperationOutcome");
		assertStillServes();
	}

	@Test
	void slotFindWhenCountIsNotANumberThen400NamingCount() {
		assertRefused(admin.get("/Slot/$find?start=2030-01-01T00:00:00Z&end=2030-01-02T00:00:00Z&_count=many"), 400, "_count");
	}

	@Test
	void slotFindWhenStartIsNotADateTimeThen400NamingStart() {
		assertRefused(admin.get("/Slot/$find?start=yesterday&end=2030-01-02T00:00:00Z"), 400, "'start'");
	}

	@Test
	void bookWhenSlotGivenTwiceThen400NamingSlot() {
		String patient = createPatient();
		HttpResponse<String> booked = admin.post("/Appointment/$book", FHIR_JSON, "{\"resourceType\":\"Parameters\",\"parameter\":["
				+ "{\"name\":\"slot\",\"valueReference\":{\"reference\":\"Slot/one\"}},"
				+ "{\"name\":\"slot\",\"valueReference\":{\"reference\":\"Slot/two\"}},"
				+ "{\"name\":\"patient\",\"valueReference\":{\"reference\":\"Patient/" + patient + "\"}}]}");

		assertRefused(booked, 400, "'slot'");
	}

	@Test
	void createWhenQuantityIsInfiniteAsADoubleThen400() {
		assertRefused(admin.post("/Observation", FHIR_JSON, "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
				+ "\"valueQuantity\":{\"value\":1e400}}"), 400, "out of range");
	}

	@Test
	void createWhenStringHoldsALoneSurrogateThen400() {
		assertRefused(admin.post("/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\ud800b\"}]}"), 400, "surrogate");
	}

	@Test
	void createWhenElementHasTheWrongShapeThen400NamingIt() {
		assertRefused(admin.post("/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\",\"name\":\"notarray\"}"), 400, "name");
	}

	@Test
	void searchWhenOffsetIsNegativeThen400() {
		assertRefused(admin.get("/Patient?_offset=-1"), 400, "_offset");
	}

	@Test
	void searchWhenOffsetIsHugeThen400WithoutInternalText() {
		HttpResponse<String> search = admin.get("/Patient?_offset=2147483647");

		assertRefused(search, 400, "_offset");
		assertThat(search.body()).doesNotContain("No parameter labelled").doesNotContain("?3");
	}

	@Test
	void transactionWhenOrganizationIsPartOfItselfThen400() {
		String self = "urn:uuid:" + java.util.UUID.randomUUID();
		String name = TestResources.unique("selfish");
		HttpResponse<String> transaction = admin.post("", FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{"
				+ "\"fullUrl\":\"" + self + "\",\"resource\":{\"resourceType\":\"Organization\",\"name\":\"" + name + "\","
				+ "\"partOf\":{\"reference\":\"" + self + "\"}},\"request\":{\"method\":\"POST\",\"url\":\"Organization\"}}]}");

		assertRefused(transaction, 400, "cycle");
		assertThat(count("Organization?name:exact=" + name)).isZero();
	}

	@Test
	void fhirPathPatchWhenPathIsMalformedThen400() {
		String patient = createPatient();
		HttpResponse<String> patched = admin.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient/" + patient))
				.header("Content-Type", FHIR_JSON)
				.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"operation\","
						+ "\"part\":[{\"name\":\"type\",\"valueCode\":\"replace\"},{\"name\":\"path\",\"valueString\":\"Patient.name[0.family(\"},"
						+ "{\"name\":\"value\",\"valueString\":\"x\"}]}]}"))
				.build());

		assertRefused(patched, 400, "fhir path");
	}

	@Test
	void xmlPatchWhenSelectorMatchesNothingThen4xx() {
		String patient = createPatient();
		HttpResponse<String> patched = admin.send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient/" + patient))
				.header("Content-Type", "application/xml-patch+xml").header("Accept", FHIR_JSON)
				.method("PATCH", HttpRequest.BodyPublishers.ofString(
						"<diff xmlns:f=\"http://hl7.org/fhir\"><replace sel=\"/f:Patient/f:nothing/@value\">x</replace></diff>"))
				.build());

		assertThat(patched.statusCode()).as(patched.body()).isBetween(400, 499);
		assertThat(patched.body()).contains("OperationOutcome").contains("no matches");
		assertStillServes();
	}

	@Test
	void errorPageWhenRequestedDirectlyThen404JsonWithoutTrace() {
		HttpResponse<String> error = new RawHttp(root).get("/error", "Accept", "application/json");

		assertThat(error.statusCode()).as(error.body()).isEqualTo(404);
		assertThat(error.body()).contains("\"status\":404").doesNotContain("trace").doesNotContain("Exception");
		assertStillServes();
	}

	private String createPatient() {
		HttpResponse<String> created = admin.post("/Patient", FHIR_JSON,
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + TestResources.unique("BadInput") + "\"}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	private void assertRefused(HttpResponse<String> response, int status, String naming) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"").containsIgnoringCase(naming);
		assertStillServes();
	}
}
