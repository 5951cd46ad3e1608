package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * A patient's list of approved apps ({@code GET /api/me/apps}) and its revocation ({@code DELETE
 * /api/me/apps/{clientId}}), called with the patient's own SMART access token, as the portal web app does: revoking
 * withdraws the consent, the app's access token is refused at the FHIR endpoint at once, and its refresh token too.
 */
@PortalServerTest
class ConnectedAppsApiTest {

	static final String PASSWORD = "correct horse battery staple";
	static final String SCOPE = "openid fhirUser launch/patient patient/*.rs offline_access";

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	@Autowired
	ConfigurableApplicationContext context;

	final List<SecurityAuditEvent> events = new CopyOnWriteArrayList<>();
	ApplicationListener<PayloadApplicationEvent<SecurityAuditEvent>> listener;
	final ObjectMapper json = new ObjectMapper();
	String root;
	String username;
	String patientId;

	@BeforeEach
	void setUp() {
		listener = ApplicationListener.forPayload(events::add);
		context.addApplicationListener(listener);
		root = "http://127.0.0.1:" + port;
		patientId = TestApps.createPatient(new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds")), "Apps");
		username = TestResources.unique("apps");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Pat Apps");
	}

	@AfterEach
	void tearDown() {
		context.removeApplicationListener(listener);
	}

	@Test
	void listWhenPatientApprovedTwoAppsThenBothWithApprovedScopes() throws Exception {
		String portal = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		String other = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		String portalToken = accessToken(new SmartAppLaunch(root, portal).launch(username, PASSWORD, SCOPE));
		new SmartAppLaunch(root, other).launch(username, PASSWORD, SCOPE, "offline_access");

		HttpResponse<String> listed = new RawHttp(root, portalToken).get("/api/me/apps");

		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		JsonNode apps = json.readTree(listed.body());
		assertThat(apps).extracting(app -> app.path("client_id").asText()).containsExactlyInAnyOrder(portal, other);
		JsonNode otherApp = findApp(apps, other);
		assertThat(otherApp.path("client_name").asText()).isEqualTo("Test app");
		assertThat(otherApp.path("scope").asText().split(" ")).contains("patient/*.rs", "launch/patient").doesNotContain("offline_access");
		assertThat(otherApp.path("active").asBoolean()).isTrue();
	}

	@Test
	void revokeWhenPatientRevokesAppThenItsTokensAreRefusedAtOnceAndTheListForgetsIt() throws Exception {
		String portal = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		String other = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		String portalToken = accessToken(new SmartAppLaunch(root, portal).launch(username, PASSWORD, SCOPE));
		HttpResponse<String> otherTokens = new SmartAppLaunch(root, other).launch(username, PASSWORD, SCOPE);
		String otherAccess = accessToken(otherTokens);
		String otherRefresh = new TokenClient(root).field(otherTokens.body(), "refresh_token");
		assertThat(new RawHttp(root + "/fhir", otherAccess).get("/Patient/" + patientId).statusCode()).isEqualTo(200);

		HttpResponse<String> revoked = delete("/api/me/apps/" + other, portalToken);

		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
		assertThat(new RawHttp(root + "/fhir", otherAccess).get("/Patient/" + patientId).statusCode()).isEqualTo(401);
		assertThat(refresh(other, otherRefresh).statusCode()).isEqualTo(400);
		assertThat(new RawHttp(root + "/fhir", portalToken).get("/Patient/" + patientId).statusCode()).isEqualTo(200);
		JsonNode apps = json.readTree(new RawHttp(root, portalToken).get("/api/me/apps").body());
		assertThat(apps).extracting(app -> app.path("client_id").asText()).containsExactly(portal);
		SecurityAuditEvent withdrawn = Await.until("consent withdrawn", Duration.ofSeconds(10), () -> events.stream()
				.filter(e -> e.type() == SecurityAuditEvent.Type.CONSENT_WITHDRAWN && e.clientId().equals(Optional.of(other))).findFirst());
		assertThat(withdrawn.username()).contains(username);
		assertThat(events).anySatisfy(e -> {
			assertThat(e.type()).isEqualTo(SecurityAuditEvent.Type.TOKEN_REVOKED);
			assertThat(e.clientId()).contains(other);
		});
	}

	@Test
	void revokeWhenAppNeverApprovedThenNotFoundAndOtherUsersAppsUntouched() {
		String portal = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		String portalToken = accessToken(new SmartAppLaunch(root, portal).launch(username, PASSWORD, SCOPE));
		String stranger = TestResources.unique("stranger");
		users.save(stranger, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Someone Else");
		String strangerToken = accessToken(new SmartAppLaunch(root, portal).launch(stranger, PASSWORD, SCOPE));

		HttpResponse<String> unknown = delete("/api/me/apps/no-such-app", portalToken);
		HttpResponse<String> ownApp = delete("/api/me/apps/" + portal, strangerToken);

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(ownApp.statusCode()).isEqualTo(204);
		assertThat(new RawHttp(root + "/fhir", portalToken).get("/Patient/" + patientId).statusCode()).isEqualTo(200);
	}

	@Test
	void listWhenBackendClientTokenOrNoTokenThenRefused() {
		String backend = new TokenClient(root).adminToken("system/*.rs");

		assertThat(new RawHttp(root, backend).get("/api/me/apps").statusCode()).isEqualTo(403);
		assertThat(new RawHttp(root).get("/api/me/apps").statusCode()).isEqualTo(401);
	}

	private String accessToken(HttpResponse<String> tokenResponse) {
		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		return new TokenClient(root).field(tokenResponse.body(), "access_token");
	}

	private static JsonNode findApp(JsonNode apps, String clientId) {
		for (JsonNode app : apps) {
			if (app.path("client_id").asText().equals(clientId)) {
				return app;
			}
		}
		throw new AssertionError("no " + clientId + " in " + apps);
	}

	private HttpResponse<String> delete(String path, String token) {
		return new RawHttp(root, token).send(HttpRequest.newBuilder(URI.create(root + path)).DELETE().build());
	}

	private HttpResponse<String> refresh(String clientId, String refreshToken) {
		return new TokenClient(root).send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refreshToken + "&client_id=" + clientId))
				.build());
	}
}
