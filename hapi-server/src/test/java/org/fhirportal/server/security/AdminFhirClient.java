package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The boundary tests' common ground: the running server, and its FHIR endpoint with an admin token (system/*.cruds). */
abstract class AdminFhirClient {

	static final String FHIR_JSON = "application/fhir+json";

	@LocalServerPort
	int port;

	String root;
	String adminToken;
	RawHttp admin;

	@BeforeEach
	void signInAsAdmin() {
		root = "http://127.0.0.1:" + port;
		adminToken = new TokenClient(root).adminToken("system/*.cruds");
		admin = new RawHttp(root + "/fhir", adminToken);
	}

	/** The server still answers an ordinary search after what a test sent. */
	void assertStillServes() {
		HttpResponse<String> normal = admin.get("/Patient?_count=1");
		assertThat(normal.statusCode()).as(normal.body()).isEqualTo(200);
	}

	/** The total of a search ({@code Type?params}). */
	int count(String query) {
		HttpResponse<String> found = admin.get("/" + query + (query.contains("?") ? "&" : "?") + "_summary=count");
		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
		return Integer.parseInt(found.body().replaceAll("(?s).*\"total\":(\\d+).*", "$1"));
	}
}
