package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With the authorization server's and Spring Security's loggers at DEBUG, the sign-in, TOTP, token, refresh,
 * introspection and revocation flows write none of their secrets to the log: passwords, TOTP secrets and codes,
 * client secrets, authorization codes, access, refresh and ID tokens. (Levels are raised on the running server for
 * the test and restored after it, so the test shares the server of the other tests.)
 */
@PortalServerTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLoggedTest {

	static final String PASSWORD = "Secret-Password-Never-Logged-7";
	static final List<String> LOGGERS = List.of("org.fhirportal", "org.springframework.security");

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Autowired
	LoggingSystem logging;

	final List<LogLevel> previousLevels = new ArrayList<>();
	String root;

	@BeforeEach
	void debugLogging() {
		root = "http://127.0.0.1:" + port;
		for (String logger : LOGGERS) {
			previousLevels.add(logging.getLoggerConfiguration(logger).getConfiguredLevel());
			logging.setLogLevel(logger, LogLevel.DEBUG);
		}
	}

	@AfterEach
	void restoreLogging() {
		for (int i = 0; i < LOGGERS.size(); i++) {
			logging.setLogLevel(LOGGERS.get(i), previousLevels.get(i));
		}
	}

	@Test
	void signInTotpTokenRefreshIntrospectionAndRevocationThenNoSecretInTheLog(CapturedOutput log) {
		String scope = "openid fhirUser user/*.rs offline_access";
		String clientId = TestApps.registerPublicApp(root, List.of(scope.split(" ")));
		String adminToken = new TokenClient(root).adminToken("system/*.cruds");
		String practitionerId = TestApps.createPractitioner(new RawHttp(root + "/fhir", adminToken), "Logged");
		String clinician = TestResources.unique("dr-logged");
		users.save(clinician, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + practitionerId, "Dr Logged");
		SmartAppLaunch app = new SmartAppLaunch(root, clientId);
		String code = app.authorize(clinician, PASSWORD, scope);
		HttpResponse<String> tokens = app.exchange(code, app.verifier());
		TokenClient json = new TokenClient(root);
		String refreshToken = json.field(tokens.body(), "refresh_token");
		HttpResponse<String> refreshed = post("/oauth2/token", null,
				"grant_type=refresh_token&refresh_token=" + refreshToken + "&client_id=" + clientId);
		String basic = "Basic " + Base64.getEncoder().encodeToString((TokenClient.ADMIN_CLIENT_ID + ":" + TokenClient.ADMIN_CLIENT_SECRET)
				.getBytes(StandardCharsets.UTF_8));
		post("/oauth2/introspect", basic, "token=" + json.field(refreshed.body(), "access_token"));
		post("/oauth2/revoke", null, "token=" + json.field(refreshed.body(), "refresh_token") + "&client_id=" + clientId);
		HttpResponse<String> wrongSecret = new TokenClient(root).request(TokenClient.ADMIN_CLIENT_ID, "Wrong-Client-Secret-Never-Logged",
				"grant_type=client_credentials&scope=" + URLEncoder.encode("system/*.rs", StandardCharsets.UTF_8));

		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(wrongSecret.statusCode()).isEqualTo(401);
		assertThat(log.getOut()).as("DEBUG logging is on").contains("Securing POST /oauth2/token");
		String output = log.getAll();
		for (String secret : List.of(PASSWORD, app.totpSecret(), TokenClient.ADMIN_CLIENT_SECRET, "Wrong-Client-Secret-Never-Logged",
				basic.substring("Basic ".length()), code, adminToken, refreshToken, json.field(tokens.body(), "access_token"),
				json.field(tokens.body(), "id_token"), json.field(refreshed.body(), "access_token"), json.field(refreshed.body(), "refresh_token"))) {
			assertThat(output).as("the log must not contain a secret").doesNotContain(secret);
		}
	}

	private HttpResponse<String> post(String path, String authorization, String form) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return new TokenClient(root).send(request.build());
	}
}
