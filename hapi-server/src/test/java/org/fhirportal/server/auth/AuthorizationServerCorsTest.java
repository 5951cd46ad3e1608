package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.RegisteredApps;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * CORS at the authorization server (SMART App Launch 2.2, conformance, "Using CORS"): a browser app on another
 * origin pre-flights and calls the token, revocation, introspection and JWKS endpoints and the discovery
 * documents, never with cookies; the sign-in, consent and authorization pages, which are navigations, get no CORS.
 */
@PortalServerTest
class AuthorizationServerCorsTest {

	private static final String APP_ORIGIN = "http://127.0.0.1:1";
	private static final String PASSWORD = "correct horse battery staple";
	private static final String SCOPE = "openid fhirUser launch/patient patient/*.rs";

	@LocalServerPort
	int port;

	@Autowired
	JdbcPortalUsers users;

	String root;
	TokenClient tokens;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
	}

	@Test
	void preflightWhenOtherOriginPostsToTokenRevokeOrIntrospectThenAllowedWithoutCredentials() {
		for (String path : new String[] {"/oauth2/token", "/oauth2/revoke", "/oauth2/introspect"}) {
			HttpResponse<String> preflight = preflight(path, "POST");

			assertThat(preflight.statusCode()).as(path + " " + preflight.headers().map()).isIn(200, 204);
			assertAllowsAppOrigin(preflight);
			assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).as(path).contains("POST");
			assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
					.as(path).contains("authorization", "content-type");
			assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).as(path).isEmpty();
			assertThat(preflight.headers().firstValue("Location")).as(path).isEmpty();
		}
	}

	@Test
	void preflightWhenOtherOriginGetsKeysOrDiscoveryThenAllowed() {
		for (String path : new String[] {"/oauth2/jwks", "/.well-known/openid-configuration", "/fhir/.well-known/smart-configuration"}) {
			HttpResponse<String> preflight = preflight(path, "GET");
			HttpResponse<String> get = tokens.send(HttpRequest.newBuilder(URI.create(root + path)).header("Origin", APP_ORIGIN).GET().build());

			assertThat(preflight.statusCode()).as(path + " " + preflight.headers().map()).isIn(200, 204);
			assertAllowsAppOrigin(preflight);
			assertThat(get.statusCode()).as(path).isEqualTo(200);
			assertAllowsAppOrigin(get);
		}
	}

	@Test
	void tokenWhenPublicAppOnOtherOriginExchangesCodeThenTokenCarriesAllowOrigin() {
		String clientId = registerPublicApp();
		String username = patientAccount();
		SmartAppLaunch launch = new SmartAppLaunch(root, clientId);
		String code = launch.authorize(username, PASSWORD, SCOPE);

		HttpResponse<String> token = tokens.send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Origin", APP_ORIGIN)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
						+ enc(SmartAppLaunch.REDIRECT) + "&client_id=" + clientId + "&code_verifier=" + enc(launch.verifier())))
				.build());

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertAllowsAppOrigin(token);
		assertThat(token.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(tokens.field(token.body(), "access_token")).isNotBlank();
	}

	@Test
	void errorWhenOtherOriginSendsBadTokenRequestThenBrowserCanReadTheOAuthError() {
		HttpResponse<String> token = tokens.send(HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
				.header("Origin", APP_ORIGIN)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=forged&client_id=nobody")).build());

		assertThat(token.statusCode()).isIn(400, 401);
		assertAllowsAppOrigin(token);
		assertThat(tokens.field(token.body(), "error")).isNotBlank();
	}

	@Test
	void loginConsentAndAuthorizeWhenOtherOriginThenNoCors() {
		String clientId = registerPublicApp();
		SmartAppLaunch launch = new SmartAppLaunch(root, clientId);
		HttpResponse<String> consent = launch.signInToConsent(patientAccount(), PASSWORD, SCOPE);
		assertThat(consent.uri().getPath()).isEqualTo("/oauth2/consent");

		HttpResponse<String> consentFromOtherOrigin = tokens.send(HttpRequest.newBuilder(consent.uri())
				.header("Origin", APP_ORIGIN).header("Cookie", "JSESSIONID=" + launch.browser().cookie("JSESSIONID")).GET().build());
		HttpResponse<String> loginFromOtherOrigin = tokens.send(HttpRequest.newBuilder(URI.create(root + "/login"))
				.header("Origin", APP_ORIGIN).GET().build());

		assertThat(consentFromOtherOrigin.statusCode()).isEqualTo(200);
		assertThat(consentFromOtherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(loginFromOtherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		for (String path : new String[] {"/login", "/oauth2/authorize", "/oauth2/consent"}) {
			assertThat(preflight(path, "POST").headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
		}
	}

	/** The app's origin (or any, {@code *}) may read the response; Spring echoes the origin for the pattern {@code *}. */
	private static void assertAllowsAppOrigin(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(response.uri() + " " + response.headers().map())
				.hasValueSatisfying(origin -> assertThat(origin).isIn("*", APP_ORIGIN));
	}

	private HttpResponse<String> preflight(String path, String method) {
		return tokens.send(HttpRequest.newBuilder(URI.create(root + path))
				.header("Origin", APP_ORIGIN)
				.header("Access-Control-Request-Method", method)
				.header("Access-Control-Request-Headers", "authorization,content-type")
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
	}

	private String registerPublicApp() {
		return RegisteredApps.publicApp(root, SCOPE, "\"authorization_code\"");
	}

	private String patientAccount() {
		String patientId = TestApps.createPatient(new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds")), "Cors");
		String username = TestResources.unique("cors");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Cors Patient");
		return username;
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
