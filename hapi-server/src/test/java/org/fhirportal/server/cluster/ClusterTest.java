package org.fhirportal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.RegisteredApps;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scale-out: two server processes on one PostgreSQL database behind a real HAProxy with the deployment's
 * configuration (round-robin, no sticky sessions). One cluster serves every test of the class. Skipped only where
 * HAProxy is not installed; {@code .ci/run} installs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {

	private static final String PASSWORD = "correct horse battery staple";

	private PortalCluster cluster;
	private TokenClient tokens;

	@BeforeAll
	void startCluster() {
		Assumptions.assumeTrue(Haproxy.installed(), "HAProxy is not installed at " + Haproxy.EXECUTABLE + " (.ci/run installs it)");
		cluster = PortalCluster.start(2);
		tokens = new TokenClient(cluster.root());
	}

	@AfterAll
	void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void readsThroughBalancerWhenTokenIssuedByOneNodeThenEveryNodeAnswers() {
		RawHttp admin = new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/*.cruds"));
		String patient = createPatient(admin, TestResources.unique("Balanced"));

		Set<String> servedBy = new HashSet<>();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> read = admin.get("/Patient/" + patient);
			assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
			servedBy.add(read.headers().firstValue("X-Portal-Node").orElseThrow());
		}

		assertThat(servedBy).as("nodes that answered with the one token").containsExactlyInAnyOrder("node1", "node2");
	}

	@Test
	void patientLaunchWhenEachStepLandsOnAnotherNodeThenSignInMfaConsentAndTokenSucceed() {
		String patient = createPatient(new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/*.cruds")), TestResources.unique("Launch"));
		String username = patientAccount(patient);
		String app = RegisteredApps.publicApp(cluster.root(), "openid fhirUser launch/patient patient/*.rs", "\"authorization_code\"");

		SmartAppLaunch launch = new SmartAppLaunch(cluster.root(), app);
		HttpResponse<String> token = launch.launch(username, PASSWORD, "openid fhirUser launch/patient patient/Patient.rs");

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(launch.totpSecret()).as("the patient enrolled a second factor on the way").isNotNull();
		assertThat(tokens.field(token.body(), "patient")).isEqualTo(patient);
		RawHttp app1 = new RawHttp(cluster.root() + "/fhir", tokens.field(token.body(), "access_token"));
		for (int i = 0; i < cluster.nodes().size(); i++) {
			HttpResponse<String> read = app1.get("/Patient/" + patient);
			assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		}
	}

	private static String createPatient(RawHttp admin, String family) {
		HttpResponse<String> created = admin.post("/Patient", "application/fhir+json",
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	/** A patient's portal account, made with the administrators' API; returns the username. */
	private String patientAccount(String patientId) {
		String username = TestResources.unique("patient");
		HttpResponse<String> created = tokens.send(HttpRequest.newBuilder(URI.create(cluster.root() + "/api/admin/users"))
				.header("Authorization", "Bearer " + tokens.adminToken("user.admin")).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"username":"%s","password":"%s","role":"PATIENT","fhirUser":"Patient/%s"}""".formatted(username, PASSWORD, patientId)))
				.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return username;
	}
}
