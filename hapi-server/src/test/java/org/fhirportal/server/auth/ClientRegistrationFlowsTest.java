package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.ClientAssertions;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.JwksServer;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every kind of SMART client registers through {@code POST /connect/register} (RFC 7591) and then runs its whole
 * flow over HTTP: a public app's standalone launch with PKCE, a symmetric client with client_secret_basic, an
 * asymmetric launch client (private_key_jwt, RS384 and ES384, inline jwks and jwks_uri) and a SMART Backend
 * Services client whose token pushes a transaction and runs a bulk export. The jwks_uri is served by a loopback
 * HTTP server of the test (the test configuration allows loopback jwks_uri).
 */
@PortalServerTest
class ClientRegistrationFlowsTest {

	private static final String LAUNCH_SCOPE = "openid fhirUser launch/patient patient/*.rs";
	private static final String PASSWORD = "correct horse battery staple";

	@LocalServerPort
	int port;

	String root;
	TokenClient tokens;
	ClientRegistrations registrations;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		tokens = new TokenClient(root);
		registrations = new ClientRegistrations(root);
	}

	@Test
	void registerWhenPublicAppThenStandaloneLaunchWithPkceReadsOwnPatient() {
		String clientId = registrations.publicApp(SmartAppLaunch.REDIRECT, LAUNCH_SCOPE);
		Patient patient = newPatientAccount("Public");

		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(patient.username(), PASSWORD, LAUNCH_SCOPE);

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertReadsOwnPatient(token, patient.id());
	}

	@Test
	void registerWhenSymmetricClientThenCodeRedeemedOnlyWithIssuedSecretByBasic() {
		String registered = registrations.registered("""
				{"client_name":"Symmetric app","redirect_uris":["%s"],"grant_types":["authorization_code"],
				 "token_endpoint_auth_method":"client_secret_basic","scope":"%s"}""".formatted(SmartAppLaunch.REDIRECT, LAUNCH_SCOPE));
		String clientId = tokens.field(registered, "client_id");
		String secret = tokens.field(registered, "client_secret");
		Patient patient = newPatientAccount("Symmetric");
		SmartAppLaunch launch = new SmartAppLaunch(root, clientId);
		String code = launch.authorize(patient.username(), PASSWORD, LAUNCH_SCOPE);

		HttpResponse<String> wrongSecret = tokens.request(clientId, secret + "x", launch.codeGrantForm(code));
		HttpResponse<String> token = tokens.request(clientId, secret, launch.codeGrantForm(code));

		assertThat(wrongSecret.statusCode()).as(wrongSecret.body()).isEqualTo(401);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertReadsOwnPatient(token, patient.id());
	}

	@Test
	void registerWhenAsymmetricLaunchClientWithInlineJwksThenRs384AndEs384AssertionsRedeemCodes() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).algorithm(JWSAlgorithm.RS384).generate();
		ECKey ec = new ECKeyGenerator(Curve.P_384).keyID("ec-" + UUID.randomUUID()).algorithm(JWSAlgorithm.ES384).generate();
		String registered = registrations.registered("""
				{"client_name":"Asymmetric app","redirect_uris":["%s"],"grant_types":["authorization_code"],
				 "token_endpoint_auth_method":"private_key_jwt","token_endpoint_auth_signing_alg":"RS384","jwks":%s,"scope":"%s"}"""
				.formatted(SmartAppLaunch.REDIRECT, new JWKSet(List.<JWK>of(rsa, ec)).toPublicJWKSet(), LAUNCH_SCOPE));
		String clientId = tokens.field(registered, "client_id");
		assertThat(registered).doesNotContain("client_secret").contains("\"token_endpoint_auth_signing_alg\":\"RS384\"");

		for (JWK key : List.<JWK>of(rsa, ec)) {
			Patient patient = newPatientAccount("Asymmetric");
			SmartAppLaunch launch = new SmartAppLaunch(root, clientId);
			String code = launch.authorize(patient.username(), PASSWORD, LAUNCH_SCOPE);
			HttpResponse<String> token = new ClientAssertions(root, clientId).token(launch.codeGrantForm(code),
					new ClientAssertions(root, clientId).assertion(key));

			assertThat(token.statusCode()).as(key.getKeyType() + ": " + token.body()).isEqualTo(200);
			assertReadsOwnPatient(token, patient.id());
		}
	}

	@Test
	void registerWhenAsymmetricLaunchClientWithJwksUriThenEs384AssertionRedeemsCodeAndStrangerKeyDoesNot() throws Exception {
		ECKey ec = new ECKeyGenerator(Curve.P_384).keyID("ec-1").algorithm(JWSAlgorithm.ES384).generate();
		ECKey stranger = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
		try (JwksServer jwks = new JwksServer(new JWKSet(ec))) {
			String clientId = tokens.field(registrations.registered("""
					{"client_name":"Asymmetric app by URI","redirect_uris":["%s"],"token_endpoint_auth_method":"private_key_jwt",
					 "token_endpoint_auth_signing_alg":"ES384","jwks_uri":"%s","scope":"%s"}""".formatted(SmartAppLaunch.REDIRECT, jwks.url(),
					LAUNCH_SCOPE)), "client_id");
			Patient patient = newPatientAccount("ByUri");
			ClientAssertions assertions = new ClientAssertions(root, clientId);
			SmartAppLaunch launch = new SmartAppLaunch(root, clientId);
			String code = launch.authorize(patient.username(), PASSWORD, LAUNCH_SCOPE);

			HttpResponse<String> forged = assertions.token(launch.codeGrantForm(code), assertions.assertion(stranger));
			HttpResponse<String> token = assertions.token(launch.codeGrantForm(code), assertions.assertion(ec));

			assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
			assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
			assertThat(jwks.fetches()).isPositive();
			assertReadsOwnPatient(token, patient.id());
		}
	}

	@Test
	void registerWhenBackendServicesClientThenTokenPushesTransactionAndGroupExportDownloads() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).keyID("backend-1").algorithm(JWSAlgorithm.RS384).generate();
		try (JwksServer jwks = new JwksServer(new JWKSet(rsa))) {
			String registered = registrations.registered("""
					{"client_name":"EHR push","grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt",
					 "jwks_uri":"%s","scope":"system/*.cruds"}""".formatted(jwks.url()));
			String clientId = tokens.field(registered, "client_id");
			assertThat(registered).doesNotContain("redirect_uris").doesNotContain("client_secret");
			ClientAssertions assertions = new ClientAssertions(root, clientId);
			String assertion = assertions.assertion(rsa);

			HttpResponse<String> token = assertions.clientCredentials("system/*.cruds", assertion);
			HttpResponse<String> replayed = assertions.clientCredentials("system/*.cruds", assertion);
			HttpResponse<String> tooLong = assertions.clientCredentials("system/*.cruds",
					assertions.assertion(rsa, "backend-1", Duration.ofMinutes(10), UUID.randomUUID().toString()));
			HttpResponse<String> noKid = assertions.clientCredentials("system/*.cruds",
					assertions.assertion(rsa, null, Duration.ofMinutes(4), UUID.randomUUID().toString()));

			assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
			for (HttpResponse<String> refused : List.of(replayed, tooLong, noKid)) {
				assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
				assertThat(tokens.field(refused.body(), "error")).isEqualTo("invalid_client");
			}
			RawHttp fhir = new RawHttp(root + "/fhir", tokens.field(token.body(), "access_token"));
			String family = TestResources.unique("Pushed");
			String groupId = pushPatientAndGroup(fhir, family);
			String ndjson = export(fhir, "/Group/" + groupId + "/$export?_type=Patient");
			assertThat(ndjson).contains(family);
		}
	}

	@Test
	void registrationAccessTokenWhenClientReadsItsRegistrationThenMetadataWithoutSecretAndOnlyItsOwn() {
		String first = registrations.registered("""
				{"client_name":"Reads itself","redirect_uris":["%s"],"token_endpoint_auth_method":"client_secret_post","scope":"%s"}"""
				.formatted(SmartAppLaunch.REDIRECT, LAUNCH_SCOPE));
		String second = registrations.registered("""
				{"client_name":"Other","redirect_uris":["%s"],"token_endpoint_auth_method":"none","scope":"%s"}"""
				.formatted(SmartAppLaunch.REDIRECT, LAUNCH_SCOPE));
		String uri = tokens.field(first, "registration_client_uri");

		HttpResponse<String> own = readRegistration(uri, tokens.field(first, "registration_access_token"));
		HttpResponse<String> others = readRegistration(uri, tokens.field(second, "registration_access_token"));
		HttpResponse<String> admin = readRegistration(uri, tokens.adminToken("client.create"));

		assertThat(uri).isEqualTo(root + "/connect/register?client_id=" + tokens.field(first, "client_id"));
		assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
		assertThat(tokens.field(own.body(), "client_name")).isEqualTo("Reads itself");
		assertThat(tokens.field(own.body(), "token_endpoint_auth_method")).isEqualTo("client_secret_post");
		assertThat(own.body()).doesNotContain("client_secret\"").doesNotContain("registration_access_token");
		assertThat(others.statusCode()).as(others.body()).isEqualTo(401);
		assertThat(admin.statusCode()).as(admin.body()).isIn(401, 403);
	}

	private HttpResponse<String> readRegistration(String uri, String token) {
		return tokens.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token)
				.header("Accept", "application/json").GET().build());
	}

	private record Patient(String id, String username) {}

	/** A Patient record (FHIR API) and its portal account (admin API). */
	private Patient newPatientAccount(String family) {
		String patientId = TestApps.createPatient(new RawHttp(root + "/fhir", tokens.adminToken("system/*.cruds")), TestResources.unique(family));
		String username = TestResources.unique("patient");
		HttpResponse<String> created = tokens.send(HttpRequest.newBuilder(URI.create(root + "/api/admin/users"))
				.header("Authorization", "Bearer " + tokens.adminToken("user.admin")).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"username":"%s","password":"%s","role":"PATIENT","fhirUser":"Patient/%s"}""".formatted(username, PASSWORD, patientId)))
				.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Patient(patientId, username);
	}

	private void assertReadsOwnPatient(HttpResponse<String> token, String patientId) {
		assertThat(tokens.field(token.body(), "patient")).isEqualTo(patientId);
		HttpResponse<String> read = new RawHttp(root + "/fhir", tokens.field(token.body(), "access_token")).get("/Patient/" + patientId);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
	}

	/** A transaction that creates a patient and a group holding it; returns the group's id. */
	private static String pushPatientAndGroup(RawHttp fhir, String family) {
		HttpResponse<String> response = fhir.post("", "application/fhir+json", """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"fullUrl":"urn:uuid:5b0d7c0e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","name":[{"family":"%s"}]},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Group","type":"person","actual":true,
				  "member":[{"entity":{"reference":"urn:uuid:5b0d7c0e-0000-4000-8000-000000000001"}}]},
				  "request":{"method":"POST","url":"Group"}}]}""".formatted(family));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		java.util.regex.Matcher group = java.util.regex.Pattern.compile("\"location\"\\s*:\\s*\"Group/([^/\"]+)").matcher(response.body());
		assertThat(group.find()).as(response.body()).isTrue();
		return group.group(1);
	}

	/** Kicks off a bulk export, polls until it completes, and downloads its files. */
	private static String export(RawHttp fhir, String path) {
		HttpResponse<String> kickOff = fhir.get(path, "Prefer", "respond-async", "Accept", "application/fhir+json");
		assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
		String statusUrl = kickOff.headers().firstValue("Content-Location").orElseThrow();
		String manifest = Await.until("export " + path, Duration.ofMinutes(3), () -> {
			HttpResponse<String> status = fhir.send(HttpRequest.newBuilder(URI.create(statusUrl)).GET().build());
			assertThat(status.statusCode()).as(status.body()).isIn(200, 202);
			return status.statusCode() == 200 ? Optional.of(status.body()) : Optional.empty();
		});
		List<String> files = java.util.regex.Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+/Binary/[^\"]+)\"").matcher(manifest).results()
				.map(m -> m.group(1)).toList();
		assertThat(files).as(manifest).isNotEmpty();
		StringBuilder ndjson = new StringBuilder();
		for (String file : files) {
			HttpResponse<String> download = fhir.send(HttpRequest.newBuilder(URI.create(file)).header("Accept", "application/fhir+ndjson").GET().build());
			assertThat(download.statusCode()).as(download.body()).isEqualTo(200);
			ndjson.append(download.body());
		}
		return ndjson.toString();
	}
}
