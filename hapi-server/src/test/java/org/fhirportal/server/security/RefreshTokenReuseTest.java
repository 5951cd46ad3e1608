package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

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

	@Autowired
	OAuth2AuthorizationService authorizations;

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

	@Test
	void refreshWhenTenRequestsPresentTheSameRefreshTokenAtOnceThenOneWinsAndTheWholeGrantEndsRevoked() throws Exception {
		HttpResponse<String> first = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, SCOPE);
		String refreshToken = tokens.field(first.body(), "refresh_token");
		ExecutorService pool = Executors.newFixedThreadPool(10);
		List<HttpResponse<String>> responses = new ArrayList<>();
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> pending = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				pending.add(pool.submit(() -> {
					start.await();
					return refresh(refreshToken);
				}));
			}
			start.countDown();
			for (Future<HttpResponse<String>> response : pending) {
				responses.add(response.get(60, TimeUnit.SECONDS));
			}
		} finally {
			pool.shutdownNow();
		}

		List<HttpResponse<String>> won = responses.stream().filter(response -> response.statusCode() == 200).toList();
		assertThat(won).as("exactly one refresh rotates the token").hasSize(1);
		assertThat(responses).filteredOn(response -> response.statusCode() != 200)
				.hasSize(9).allSatisfy(lost -> assertThat(tokens.field(lost.body(), "error")).as(lost.body()).isEqualTo("invalid_grant"));
		HttpResponse<String> winnerRefreshed = refresh(tokens.field(won.get(0).body(), "refresh_token"));
		assertThat(winnerRefreshed.statusCode()).as("the winner's refresh token is revoked: " + winnerRefreshed.body()).isEqualTo(400);
		assertThat(readOwnRecord(tokens.field(won.get(0).body(), "access_token"))).as("the winner's access token").isEqualTo(401);
	}

	@Test
	void saveWhenRefreshLookedUpBeforeReuseRevokedTheGrantThenGrantStaysRevoked() {
		HttpResponse<String> first = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, SCOPE);
		String firstRefresh = tokens.field(first.body(), "refresh_token");
		String currentRefresh = tokens.field(refresh(firstRefresh).body(), "refresh_token");
		// a thief's refresh half done: looked up before the revocation, saved after it (no HTTP request can stop
		// between the two steps, so this drives the authorization service the token endpoint uses directly)
		OAuth2Authorization lookedUp = authorizations.findByToken(currentRefresh, OAuth2TokenType.REFRESH_TOKEN);
		assertThat(lookedUp).isNotNull();
		Instant now = Instant.now();
		OAuth2Authorization thiefRotated = OAuth2Authorization.from(lookedUp)
				.refreshToken(new OAuth2RefreshToken("thief-" + UUID.randomUUID(), now, now.plusSeconds(3600))).build();

		assertThat(refresh(firstRefresh).statusCode()).as("the app replays a replaced refresh token").isEqualTo(400);

		assertThatThrownBy(() -> authorizations.save(thiefRotated)).isInstanceOf(OAuth2AuthenticationException.class);
		assertThat(authorizations.findById(lookedUp.getId())).as("the revoked grant is not stored again").isNull();
		HttpResponse<String> thiefRefreshed = refresh(thiefRotated.getRefreshToken().getToken().getTokenValue());
		assertThat(thiefRefreshed.statusCode()).as(thiefRefreshed.body()).isEqualTo(400);
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
