package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The account API over HTTP: staff issue an activation code for a Patient record, the patient activates their
 * account with it once and then signs in to an app; administrators create accounts; nobody else may.
 */
@PortalServerTest
class AccountApiTest {

	private static final String PASSWORD = "a long enough passphrase";

	@LocalServerPort
	int port;


	String root;
	TokenClient tokens;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
	}

	@Test
	void activationWhenPatientRedeemsCodeThenOwnAccountSignsInToAppsAndCodeIsSpent() {
		String patientId = TestApps.createPatient(new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds")), "Onboard");
		HttpResponse<String> issued = post("/api/admin/activation-codes", tokens.adminToken("user.admin"), "{\"patient\":\"" + patientId + "\"}");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		String code = tokens.field(issued.body(), "code");
		String username = TestResources.unique("pat");

		HttpResponse<String> activated = post("/api/activate", null,
				"{\"code\":\"" + code + "\",\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
		HttpResponse<String> again = post("/api/activate", null,
				"{\"code\":\"" + code + "\",\"username\":\"" + username + "2\",\"password\":\"" + PASSWORD + "\"}");

		assertThat(activated.statusCode()).as(activated.body()).isEqualTo(201);
		assertThat(tokens.field(activated.body(), "fhirUser")).isEqualTo("Patient/" + patientId);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(tokens.field(again.body(), "error")).isEqualTo("invalid_grant");
		String scope = "openid launch/patient patient/*.rs";
		String clientId = TestApps.registerPublicApp(root, List.of(scope.split(" ")));
		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, scope);
		assertThat(tokens.field(token.body(), "patient")).isEqualTo(patientId);
	}

	@Test
	void createUserWhenAdministratorThenCreatedAndWhenTakenThenConflict() {
		String username = TestResources.unique("admin");
		String body = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"ADMINISTRATOR\"}";

		HttpResponse<String> created = post("/api/admin/users", tokens.adminToken("user.admin"), body);
		HttpResponse<String> taken = post("/api/admin/users", tokens.adminToken("user.admin"), body);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(taken.statusCode()).isEqualTo(409);
	}

	@Test
	void createUserWhenPasswordShortOrPatientWithoutRecordThenBadRequestSayingWhy() {
		HttpResponse<String> shortPassword = post("/api/admin/users", tokens.adminToken("user.admin"),
				"{\"username\":\"" + TestResources.unique("u") + "\",\"password\":\"short\",\"role\":\"ADMINISTRATOR\"}");
		HttpResponse<String> noRecord = post("/api/admin/users", tokens.adminToken("user.admin"),
				"{\"username\":\"" + TestResources.unique("u") + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"PATIENT\"}");

		assertThat(shortPassword.statusCode()).isEqualTo(400);
		assertThat(tokens.field(shortPassword.body(), "error_description")).contains("12");
		assertThat(noRecord.statusCode()).isEqualTo(400);
		assertThat(tokens.field(noRecord.body(), "error_description")).contains("fhirUser");
	}

	@Test
	void adminApiWhenNoTokenOrNoUserAdminScopeThenRefused() {
		assertThat(post("/api/admin/activation-codes", null, "{\"patient\":\"1\"}").statusCode()).isEqualTo(401);
		assertThat(post("/api/admin/activation-codes", tokens.adminToken("system/*.rs"), "{\"patient\":\"1\"}").statusCode()).isEqualTo(403);
		assertThat(post("/api/activate", null, "{\"code\":\"AAAA-BBBB-CCCC-DDDD\",\"username\":\"nobody\",\"password\":\"" + PASSWORD + "\"}")
				.statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> post(String path, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
				.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return tokens.send(request.build());
	}
}
