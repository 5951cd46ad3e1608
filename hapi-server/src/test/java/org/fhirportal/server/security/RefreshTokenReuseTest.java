package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.RegisteredApps;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Refresh token reuse detection (RFC 9700 section 4.14.2): replaying a refresh token that a refresh has already
 * replaced revokes the whole grant, so neither the thief nor the app keeps working tokens, and the audit trail
 * records it.
 */
@PortalServerTest
class RefreshTokenReuseTest {

	private static final String PASSWORD = SecurityFixtures.PASSWORD;
	private static final String SCOPE = "openid fhirUser launch/patient patient/*.rs offline_access";

	@LocalServerPort
	int port;

	@Autowired
	JdbcPortalUsers users;

	String root;
	TokenClient tokens;
	String clientId;
	String username;
	String patientId;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
		clientId = RegisteredApps.publicApp(root, SCOPE, "\"authorization_code\",\"refresh_token\"");
		SecurityFixtures.Account account = SecurityFixtures.patient(root, users, "Refresher");
		username = account.username();
		patientId = account.resourceId();
	}

	@Test
	void refreshWhenRotatedRefreshTokenIsReplayedThenWholeGrantIsRevokedAndAudited() {
		HttpResponse<String> first = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, SCOPE);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		String firstAccess = tokens.field(first.body(), "access_token");
		String firstRefresh = tokens.field(first.body(), "refresh_token");
		HttpResponse<String> second = refresh(firstRefresh);
		assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
		String newestAccess = tokens.field(second.body(), "access_token");
		String newestRefresh = tokens.field(second.body(), "refresh_token");
		assertThat(newestRefresh).isNotEqualTo(firstRefresh);
		assertThat(readOwnRecord(newestAccess)).isEqualTo(200);

		HttpResponse<String> replay = refresh(firstRefresh);

		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(400);
		assertThat(tokens.field(replay.body(), "error")).isEqualTo("invalid_grant");
		HttpResponse<String> newestRefreshed = refresh(newestRefresh);
		assertThat(newestRefreshed.statusCode()).as("the newest refresh token is revoked too: " + newestRefreshed.body()).isEqualTo(400);
		assertThat(readOwnRecord(newestAccess)).as("the newest access token").isEqualTo(401);
		assertThat(readOwnRecord(firstAccess)).as("the first access token").isEqualTo(401);
		RawHttp auditor = new RawHttp(root + "/fhir", tokens.adminToken("system/AuditEvent.rs"));
		String audit = Await.until("an audit record of the reuse", Duration.ofSeconds(20), () -> {
			HttpResponse<String> found = auditor.get("/AuditEvent?subtype=refresh_token_reused&_count=100");
			return found.statusCode() == 200 && found.body().contains(username) ? Optional.of(found.body()) : Optional.empty();
		});
		assertThat(audit).doesNotContain(firstRefresh).doesNotContain(newestRefresh);
	}

	@Test
	void refreshWhenEachTokenIsUsedOnceThenRotationKeepsWorking() {
		HttpResponse<String> first = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, SCOPE);
		HttpResponse<String> second = refresh(tokens.field(first.body(), "refresh_token"));
		HttpResponse<String> third = refresh(tokens.field(second.body(), "refresh_token"));

		assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
		assertThat(readOwnRecord(tokens.field(third.body(), "access_token"))).isEqualTo(200);
		assertThat(readOwnRecord(tokens.field(second.body(), "access_token"))).as("an earlier access token lives on until it expires").isEqualTo(200);
	}

	private HttpResponse<String> refresh(String refreshToken) {
		return tokens.send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + clientId + "&refresh_token="
						+ URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)))
				.build());
	}

	private int readOwnRecord(String accessToken) {
		return new RawHttp(root + "/fhir", accessToken).get("/Patient/" + patientId).statusCode();
	}
}
