package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;

/**
 * The server on HTTPS with Spring Boot's {@code server.ssl.*} and a throw-away PKCS12 keystore made by
 * {@code keytool} (issue 22 item 12): a SMART standalone launch of an app registered through
 * {@code /connect/register} runs over TLS with the client trusting only the test certificate, and responses carry
 * HSTS; on plain HTTP they do not.
 */
@PortalServerTest
class TlsTest {

	private static final String STORE_PASSWORD = "test-keystore-password";
	private static final String PASSWORD = "correct horse battery staple";
	private static final String SCOPE = "openid fhirUser launch/patient patient/Patient.rs";

	@DynamicPropertySource
	static void serverOnTls(DynamicPropertyRegistry registry) throws IOException, InterruptedException {
		Path keystore = throwAwayKeystore();
		registry.add("server.ssl.enabled", () -> "true");
		registry.add("server.ssl.key-store", () -> "file:" + keystore);
		registry.add("server.ssl.key-store-type", () -> "PKCS12");
		registry.add("server.ssl.key-store-password", () -> STORE_PASSWORD);
		registry.add("server.ssl.key-alias", () -> "portal");
	}

	@LocalServerPort
	int port;
	@Value("${server.ssl.key-store}")
	String keystore;
	@Autowired
	JdbcPortalUsers users;

	String root;
	SSLContext trustingTheTestCertificate;
	HttpClient https;

	@BeforeEach
	void setUp() throws IOException, GeneralSecurityException {
		root = "https://127.0.0.1:" + port;
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(Path.of(URI.create(keystore)))) {
			trusted.load(in, STORE_PASSWORD.toCharArray());
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		trustingTheTestCertificate = SSLContext.getInstance("TLS");
		trustingTheTestCertificate.init(null, trust.getTrustManagers(), null);
		https = HttpClient.newBuilder().sslContext(trustingTheTestCertificate).build();
	}

	@Test
	void launchWhenServerOnTlsThenTokenAndFhirReadOverHttps() throws Exception {
		TokenClient tokens = new TokenClient(root, trustingTheTestCertificate);
		HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(root + "/connect/register"))
				.header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.adminToken("client.create"))
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"client_name":"TLS app","redirect_uris":["%s"],"grant_types":["authorization_code"],"response_types":["code"],
						 "token_endpoint_auth_method":"none","scope":"%s"}""".formatted(SmartAppLaunch.REDIRECT, SCOPE))));
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		HttpResponse<String> patient = send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient"))
				.header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + tokens.adminToken("system/*.cruds"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Tls\"}]}")));
		assertThat(patient.statusCode()).as(patient.body()).isEqualTo(201);
		String patientId = URI.create(patient.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
		String username = TestResources.unique("patient");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Tls");

		HttpResponse<String> token = new SmartAppLaunch(root, tokens.field(registered.body(), "client_id"), trustingTheTestCertificate)
				.launch(username, PASSWORD, SCOPE);

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(tokens.field(token.body(), "patient")).isEqualTo(patientId);
		HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(root + "/fhir/Patient/" + patientId))
				.header("Authorization", "Bearer " + tokens.field(token.body(), "access_token")).GET());
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		assertThat(send(HttpRequest.newBuilder(URI.create(root + "/fhir/.well-known/smart-configuration")).GET()).body())
				.contains("\"token_endpoint\":\"" + root + "/oauth2/token\"");
	}

	@Test
	void responsesWhenOnTlsThenStrictTransportSecurity() throws Exception {
		for (String path : List.of("/fhir/metadata", "/login", "/fhir/Patient")) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(root + path)).GET());

			assertThat(response.headers().firstValue("Strict-Transport-Security")).as(path).hasValueSatisfying(
					hsts -> assertThat(hsts).startsWith("max-age=31536000"));
		}
	}

	@Test
	void sessionCookieWhenOnTlsThenSecureHttpOnlyAndSameSite() throws Exception {
		HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(root + "/login")).GET());

		assertThat(login.headers().allValues("Set-Cookie")).as("cookies of /login").anySatisfy(cookie -> assertThat(cookie)
				.startsWith("JSESSIONID=").containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly")
				.containsIgnoringCase("; SameSite=Lax"));
	}

	/** The same server code on plain HTTP (the default test server): no HSTS, which browsers would ignore anyway. */
	@Nested
	@NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
	@PortalServerTest
	class PlainHttp {

		@LocalServerPort
		int plainPort;

		@Test
		void responsesWhenOnPlainHttpThenNoStrictTransportSecurity() throws Exception {
			for (String path : List.of("/fhir/metadata", "/login")) {
				HttpResponse<String> response = HttpClient.newHttpClient().send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plainPort + path)).GET().build(),
						HttpResponse.BodyHandlers.ofString());

				assertThat(response.headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
			}
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A PKCS12 keystore with a fresh EC key and a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
	private static Path throwAwayKeystore() throws IOException, InterruptedException {
		Path directory = Files.createTempDirectory("portal-tls");
		Path keystore = directory.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "portal", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
				"-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
				"-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
				.redirectErrorStream(true).start();
		String output = new String(keytool.getInputStream().readAllBytes());
		if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
		keystore.toFile().deleteOnExit();
		directory.toFile().deleteOnExit();
		return keystore;
	}
}
