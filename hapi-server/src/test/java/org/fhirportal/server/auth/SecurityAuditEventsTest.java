package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.fhirportal.auth.event.SecurityAuditEvent;
import org.fhirportal.auth.event.SecurityAuditEvent.Type;
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
 * The authorization server publishes a {@link SecurityAuditEvent} for each sign-in, second factor, lockout, token
 * issued, refreshed or revoked, and consent granted or withdrawn, over real flows; none carries a secret. The
 * events are collected by a listener added to the running server's context for each test.
 */
@PortalServerTest
class SecurityAuditEventsTest {

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
	String root;
	String clientId;
	String username;
	String patientId;

	@BeforeEach
	void setUp() {
		listener = ApplicationListener.forPayload(events::add);
		context.addApplicationListener(listener);
		root = "http://127.0.0.1:" + port;
		clientId = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		patientId = TestApps.createPatient(new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds")), "Audited");
		username = TestResources.unique("audited");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Pat Audited");
	}

	@AfterEach
	void tearDown() {
		context.removeApplicationListener(listener);
	}

	@Test
	void launchRefreshAndRevocationThenEventsForEachStepWithoutSecrets() {
		SmartAppLaunch app = new SmartAppLaunch(root, clientId);
		HttpResponse<String> token = app.launch(username, PASSWORD, SCOPE);
		TokenClient json = new TokenClient(root);
		String refreshToken = json.field(token.body(), "refresh_token");
		HttpResponse<String> refreshed = post("/oauth2/token", "grant_type=refresh_token&refresh_token=" + refreshToken + "&client_id=" + clientId);
		String newRefreshToken = json.field(refreshed.body(), "refresh_token");
		post("/oauth2/revoke", "token=" + newRefreshToken + "&token_type_hint=refresh_token&client_id=" + clientId);

		SecurityAuditEvent signIn = await(Type.SIGN_IN, e -> e.username().equals(Optional.of(username)));
		SecurityAuditEvent consent = await(Type.CONSENT_GRANTED, e -> e.clientId().equals(Optional.of(clientId)));
		SecurityAuditEvent issued = await(Type.TOKEN_ISSUED, e -> e.clientId().equals(Optional.of(clientId)));
		SecurityAuditEvent refresh = await(Type.TOKEN_REFRESHED, e -> e.clientId().equals(Optional.of(clientId)));
		SecurityAuditEvent revoked = await(Type.TOKEN_REVOKED, e -> e.clientId().equals(Optional.of(clientId)));

		assertThat(signIn.succeeded()).isTrue();
		assertThat(signIn.fhirUser()).contains("Patient/" + patientId);
		assertThat(signIn.remoteAddress()).isPresent();
		assertThat(consent.username()).contains(username);
		assertThat(consent.detail()).contains("patient/*.rs", "offline_access");
		assertThat(issued.username()).contains(username);
		assertThat(issued.detail()).contains("grant_type=authorization_code", "patient/*.rs");
		assertThat(refresh.succeeded()).isTrue();
		assertThat(refresh.detail()).contains("grant_type=refresh_token");
		assertThat(revoked.username()).contains(username);
		assertThat(revoked.detail()).contains("refresh token");
		assertNoSecretIn(PASSWORD, json.field(token.body(), "access_token"), refreshToken, newRefreshToken,
				json.field(refreshed.body(), "access_token"));
	}

	@Test
	void wrongPasswordsThenFailedSignInsAndOneLockout() {
		SmartAppLaunch app = new SmartAppLaunch(root, clientId);
		for (int attempt = 0; attempt < 5; attempt++) {
			HttpResponse<String> login = app.browser().followWithin(root, app.browser().get(app.authorizeUrl(root + "/fhir", SCOPE)));
			app.browser().postForm(root + "/login", List.of(new SimpleEntry<>("username", username),
					new SimpleEntry<>("password", "wrong password " + attempt), SmartAppLaunch.csrf(login.body())));
		}

		SecurityAuditEvent lockout = await(Type.LOCKOUT, e -> e.username().equals(Optional.of(username)));

		assertThat(events.stream().filter(e -> e.type() == Type.SIGN_IN && e.username().equals(Optional.of(username))))
				.hasSize(5).allSatisfy(e -> {
					assertThat(e.succeeded()).isFalse();
					assertThat(e.detail()).isEqualTo("bad credentials");
				});
		assertThat(lockout.fhirUser()).contains("Patient/" + patientId);
		assertNoSecretIn("wrong password 0", "wrong password 4");
	}

	@Test
	void practitionerSecondFactorThenMfaEventsForWrongAndRightCodes() {
		String practitionerId = TestApps.createPractitioner(new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds")), "Audited");
		String clinician = TestResources.unique("dr-audited");
		users.save(clinician, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + practitionerId, "Dr Audited");
		String scope = "openid fhirUser user/*.rs";
		String appId = TestApps.registerPublicApp(root, List.of(scope.split(" ")));
		SmartAppLaunch app = new SmartAppLaunch(root, appId);
		HttpResponse<String> login = app.browser().followWithin(root, app.browser().get(app.authorizeUrl(root + "/fhir", scope)));
		HttpResponse<String> mfaPage = app.browser().followWithin(root, app.browser().postForm(root + "/login", List.of(
				new SimpleEntry<>("username", clinician), new SimpleEntry<>("password", PASSWORD), SmartAppLaunch.csrf(login.body()))));
		app.browser().postForm(root + "/login/mfa", List.of(new SimpleEntry<>("code", "000000"), SmartAppLaunch.csrf(mfaPage.body())));
		app.secondFactor(mfaPage.body());

		SecurityAuditEvent enrolled = await(Type.MFA, e -> e.username().equals(Optional.of(clinician)) && e.succeeded());

		assertThat(events).anySatisfy(e -> {
			assertThat(e.type()).isEqualTo(Type.MFA);
			assertThat(e.username()).contains(clinician);
			assertThat(e.succeeded()).isFalse();
		});
		assertThat(enrolled.detail()).isEqualTo("TOTP enrolled");
		assertNoSecretIn(PASSWORD, app.totpSecret());
	}

	@Test
	void clientCredentialsThenTokenIssuedForTheClientWithoutUser() {
		new TokenClient(root).adminToken("system/Observation.rs");
		HttpResponse<String> refused = new TokenClient(root).request(TokenClient.ADMIN_CLIENT_ID, TokenClient.ADMIN_CLIENT_SECRET,
				"grant_type=client_credentials&scope=" + java.net.URLEncoder.encode("system/*.cruds not-a-scope", java.nio.charset.StandardCharsets.UTF_8));

		SecurityAuditEvent issued = await(Type.TOKEN_ISSUED, e -> e.clientId().equals(Optional.of(TokenClient.ADMIN_CLIENT_ID))
				&& e.detail().contains("system/Observation.rs"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(issued.username()).isEmpty();
		assertThat(issued.detail()).contains("grant_type=client_credentials");
		assertThat(events).anySatisfy(e -> {
			assertThat(e.type()).isEqualTo(Type.TOKEN_ISSUED);
			assertThat(e.succeeded()).isFalse();
			assertThat(e.detail()).contains("invalid_scope");
		});
		assertNoSecretIn(TokenClient.ADMIN_CLIENT_SECRET);
	}

	private SecurityAuditEvent await(Type type, Predicate<SecurityAuditEvent> matching) {
		return Await.until(type + " event", Duration.ofSeconds(10),
				() -> events.stream().filter(e -> e.type() == type).filter(matching).findFirst());
	}

	private void assertNoSecretIn(String... secrets) {
		for (SecurityAuditEvent event : events) {
			for (String secret : secrets) {
				assertThat(event.toString()).doesNotContain(secret);
			}
		}
	}

	private HttpResponse<String> post(String path, String form) {
		return new TokenClient(root).send(HttpRequest.newBuilder(URI.create(root + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build());
	}
}
