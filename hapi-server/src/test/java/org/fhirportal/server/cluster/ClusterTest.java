package org.fhirportal.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.ClientAssertions;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.Concurrently;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.RegisteredApps;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.fhirportal.server.workflow.WorkflowFixtures;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

/**
 * Scale-out: two server processes on one PostgreSQL database behind a real HAProxy with the deployment's
 * configuration (round-robin, no sticky sessions). One cluster serves every test of the class. Skipped only where
 * HAProxy is not installed; {@code .ci/run} installs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final int BOOKINGS = 50;
	private static final int READERS = 8;
	private static final Pattern EXPORT_FILE = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+/Binary/[^\"]+)\"");

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
		SmartAppLaunch launch = new SmartAppLaunch(cluster.root(),
				RegisteredApps.publicApp(cluster.root(), "openid fhirUser launch/patient patient/*.rs", "\"authorization_code\""));
		HttpResponse<String> token = launch.launch(patientAccount(patient), PASSWORD, "openid fhirUser launch/patient patient/Patient.rs");

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(launch.totpSecret()).as("the patient enrolled a second factor on the way").isNotNull();
		assertThat(tokens.field(token.body(), "patient")).isEqualTo(patient);
		RawHttp app1 = new RawHttp(cluster.root() + "/fhir", tokens.field(token.body(), "access_token"));
		for (int i = 0; i < cluster.nodes().size(); i++) {
			HttpResponse<String> read = app1.get("/Patient/" + patient);
			assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		}
	}

	@Test
	void revokedTokenWhenRevokedThroughOneNodeThenEveryNodeRefusesItWithinOneSecond() {
		String token = tokens.adminToken("system/Patient.rs");
		RawHttp reader = new RawHttp(cluster.root() + "/fhir", token);
		assertThat(servedByEveryNode(reader, 200)).isTrue();

		String basic = Base64.getEncoder().encodeToString((TokenClient.ADMIN_CLIENT_ID + ":" + TokenClient.ADMIN_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> revoked = tokens.send(HttpRequest.newBuilder(URI.create(cluster.root() + "/oauth2/revoke"))
				.header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("token=" + token + "&token_type_hint=access_token")).build());
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

		assertWithinOneSecond("every node refuses the revoked token", () -> servedByEveryNode(reader, 401));
	}

	@Test
	void withdrawnConsentWhenWithdrawnThroughOneNodeThenEveryNodeRefusesTheAppsTokenWithinOneSecond() {
		String patient = createPatient(new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/*.cruds")), TestResources.unique("Withdrawn"));
		String app = RegisteredApps.publicApp(cluster.root(), "openid fhirUser launch/patient patient/*.rs", "\"authorization_code\"");
		HttpResponse<String> token = new SmartAppLaunch(cluster.root(), app)
				.launch(patientAccount(patient), PASSWORD, "openid fhirUser launch/patient patient/Patient.rs");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		String accessToken = tokens.field(token.body(), "access_token");
		RawHttp reader = new RawHttp(cluster.root() + "/fhir", accessToken);
		assertThat(servedByEveryNode(reader, 200)).isTrue();

		HttpResponse<String> withdrawn = tokens.send(HttpRequest.newBuilder(URI.create(cluster.root() + "/api/me/apps/" + app))
				.header("Authorization", "Bearer " + accessToken).DELETE().build());
		assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(204);

		assertWithinOneSecond("every node refuses the token of the app whose consent was withdrawn", () -> servedByEveryNode(reader, 401));
	}

	@Test
	void deletedClientWhenDeletedOnOneNodeThenEveryNodeRefusesItWithinOneSecond() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k").algorithm(JWSAlgorithm.RS384).generate();
		String clientId = tokens.field(new ClientRegistrations(cluster.root()).registered("""
				{"client_name":"EHR push","grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt",
				 "jwks":{"keys":[%s]},"scope":"system/*.rs"}""".formatted(key.toPublicJWK().toJSONString())), "client_id");
		for (ServerNode node : cluster.nodes()) { // each node now holds the client in its cache
			ClientAssertions assertions = new ClientAssertions(node.root(), clientId);
			assertThat(assertions.clientCredentials("system/*.rs", assertions.assertion(key)).statusCode()).as(node.name()).isEqualTo(200);
		}

		ServerNode first = cluster.node(0);
		TokenClient firstTokens = new TokenClient(first.root());
		HttpResponse<String> deleted = firstTokens.send(HttpRequest.newBuilder(URI.create(first.root() + "/api/admin/clients/" + clientId))
				.header("Authorization", "Bearer " + firstTokens.adminToken("client.admin")).DELETE().build());
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

		assertWithinOneSecond("every node refuses the deleted client", () -> cluster.nodes().stream().allMatch(node -> {
			ClientAssertions assertions = new ClientAssertions(node.root(), clientId);
			return assertions.clientCredentials("system/*.rs", assertions.assertion(key)).statusCode() == 401;
		}));
	}

	@Test
	void bookWhenFiftyPatientsTakeOneSlotThroughEveryNodeThenExactlyOneBooking() throws Exception {
		PortalSessions sessions = new PortalSessions(cluster.balancerPort(), FhirContext.forR4Cached(), null);
		WorkflowFixtures fixtures = new WorkflowFixtures(sessions);
		String slot = fixtures.freeSlots(fixtures.schedule(fixtures.practitioner()), Duration.ofDays(5), 1).get(0);
		List<String> patients = new ArrayList<>();
		for (int i = 0; i < BOOKINGS; i++) {
			patients.add(fixtures.patient());
		}
		RawHttp staff = sessions.admin();

		List<HttpResponse<String>> responses = Concurrently.allAtOnce(patients, patient -> staff.post("/Appointment/$book", "application/fhir+json",
				sessions.json(new Parameters().addParameter("slot", new Reference("Slot/" + slot))
						.addParameter("patient", new Reference("Patient/" + patient)))));

		Map<Integer, Long> statuses = responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
		assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 409, (long) BOOKINGS - 1));
		assertThat(responses.stream().map(r -> r.headers().firstValue("X-Portal-Node").orElseThrow()).distinct())
				.as("nodes that answered").hasSize(cluster.nodes().size());
		assertThat(sessions.entries(staff.get("/Appointment?slot=Slot/" + slot + "&_count=100"), Appointment.class)).hasSize(1);
	}

	@Test
	void bulkExportWhenStartedOnOneNodeThenPolledAndDownloadedThroughEveryNode() {
		RawHttp admin = new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/*.cruds"));
		String patient = createPatient(admin, TestResources.unique("Exported"));
		HttpResponse<String> token = launch(patient, "openid fhirUser launch/patient patient/Patient.rs patient/Observation.rs");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		RawHttp app = new RawHttp(cluster.root() + "/fhir", tokens.field(token.body(), "access_token"));
		Set<String> servedBy = new HashSet<>();

		HttpResponse<String> kickOff = app.get("/Patient/" + patient + "/$export?_type=Patient,Observation", "Prefer", "respond-async",
				"Accept", "application/fhir+json");
		assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
		String startedOn = kickOff.headers().firstValue("X-Portal-Node").orElseThrow();
		String statusUrl = kickOff.headers().firstValue("Content-Location").orElseThrow();
		String manifest = Await.until("the export", Duration.ofMinutes(3), () -> {
			HttpResponse<String> status = app.send(HttpRequest.newBuilder(URI.create(statusUrl)).header("Accept", "application/json").GET().build());
			assertThat(status.statusCode()).as(status.body()).isIn(200, 202);
			servedBy.add(status.headers().firstValue("X-Portal-Node").orElseThrow());
			return status.statusCode() == 200 ? Optional.of(status.body()) : Optional.<String>empty();
		});
		List<String> files = EXPORT_FILE.matcher(manifest).results().map(m -> m.group(1)).toList();
		assertThat(files).as(manifest).isNotEmpty();
		StringBuilder exported = new StringBuilder();
		for (int round = 0; round < cluster.nodes().size(); round++) {
			for (String file : files) {
				HttpResponse<String> download = app.send(HttpRequest.newBuilder(URI.create(file)).header("Accept", "application/fhir+ndjson").GET().build());
				assertThat(download.statusCode()).as(file + ": " + download.body()).isEqualTo(200);
				servedBy.add(download.headers().firstValue("X-Portal-Node").orElseThrow());
				exported.append(download.body());
			}
		}

		assertThat(exported.toString()).contains("\"id\":\"" + patient + "\"");
		assertThat(servedBy).as("nodes that answered polls and downloads of the job started on " + startedOn)
				.containsExactlyInAnyOrderElementsOf(cluster.nodes().stream().map(ServerNode::name).toList());
	}

	/**
	 * Each node in turn stops gracefully (SIGTERM), starts again and rejoins, while readers keep reading through the
	 * balancer: HAProxy sends nothing to a node that stopped listening or is not ready, and retries a refused
	 * connection on another node, so no request fails.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void rollingRestartWhenEveryNodeRestartsInTurnUnderSteadyLoadThenNoRequestFails() throws Exception {
		RawHttp admin = new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/*.cruds"));
		String patient = createPatient(admin, TestResources.unique("Rolling"));
		RawHttp reader = new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/Patient.rs"));
		AtomicInteger answered = new AtomicInteger();
		List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService readers = Executors.newFixedThreadPool(READERS / 2);
		for (int r = 0; r < READERS / 2; r++) {
			readers.submit(() -> {
				while (!done.get()) {
					try {
						HttpResponse<String> read = reader.get("/Patient/" + patient);
						if (read.statusCode() == 200) {
							answered.incrementAndGet();
						} else {
							failures.add(read.statusCode() + " " + read.body());
						}
					} catch (UncheckedIOException e) {
						failures.add(e.getMessage());
					}
				}
			});
		}

		for (ServerNode node : cluster.nodes()) {
			node.stop();
			node.start();
			node.awaitReady();
			cluster.awaitBalancedOverAll();
		}
		done.set(true);
		readers.shutdown();
		assertThat(readers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

		assertThat(failures).as("failed requests during the rolling restart (of %d answered); HAProxy's log:%n%s", answered.get(),
				cluster.balancerLog()).isEmpty();
		assertThat(answered.get()).isGreaterThan(100);
	}

	/**
	 * Last: it leaves one node. Every 200 an app received has its audit record (on PostgreSQL the record commits
	 * before the response is written), and the surviving node serves on.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void killWhenOneNodeDiesUnderReadLoadThenEveryAnsweredReadIsAuditedAndTheOtherNodeServes() throws Exception {
		RawHttp admin = new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/*.cruds"));
		String patient = createPatient(admin, TestResources.unique("Killed"));
		List<String> observations = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> created = admin.post("/Observation", "application/fhir+json", """
					{"resourceType":"Observation","status":"final","code":{"text":"glucose"},"subject":{"reference":"Patient/%s"},
					 "valueQuantity":{"value":%d,"unit":"mg/dL"}}""".formatted(patient, 80 + i));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			observations.add(URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3]);
		}
		RawHttp reader = new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/Observation.rs"));
		Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
		AtomicInteger answeredAfterKill = new AtomicInteger();
		AtomicBoolean killed = new AtomicBoolean();
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService readers = Executors.newFixedThreadPool(READERS);
		for (int r = 0; r < READERS; r++) {
			int offset = r;
			readers.submit(() -> {
				for (int n = 0; !done.get(); n++) {
					String id = observations.get((offset + n) % observations.size());
					if (read(reader, id)) {
						answered.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
						if (killed.get()) {
							answeredAfterKill.incrementAndGet();
						}
					}
				}
			});
		}
		Await.until("reads answered before the kill", Duration.ofSeconds(60), () -> total(answered) >= 200 ? Optional.of(true) : Optional.empty());
		cluster.node(1).kill();
		killed.set(true);
		Await.until("reads answered after the kill", Duration.ofSeconds(30), () -> answeredAfterKill.get() >= 200 ? Optional.of(true) : Optional.empty());
		done.set(true);
		readers.shutdown();
		assertThat(readers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

		RawHttp auditor = new RawHttp(cluster.root() + "/fhir", tokens.adminToken("system/AuditEvent.rs"));
		for (Map.Entry<String, AtomicInteger> read : answered.entrySet()) {
			HttpResponse<String> records = auditor.get("/AuditEvent?entity=Observation/" + read.getKey() + "&subtype=read&outcome=0&_count=0");
			assertThat(records.statusCode()).as(records.body()).isEqualTo(200);
			assertThat(tokens.field(records.body(), "total")).as("audit records of Observation/%s, answered %d times", read.getKey(), read.getValue().get())
					.satisfies(total -> assertThat(Integer.parseInt(total)).isGreaterThanOrEqualTo(read.getValue().get()));
		}
	}

	private static boolean read(RawHttp reader, String id) {
		try {
			return reader.get("/Observation/" + id).statusCode() == 200;
		} catch (UncheckedIOException e) {
			return false; // the connection broke with the node: no answer received
		}
	}

	private static int total(Map<String, AtomicInteger> answered) {
		return answered.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	/** Whether consecutive reads through the balancer reached every node, each answering {@code status}. */
	private boolean servedByEveryNode(RawHttp reader, int status) {
		Set<String> servedBy = new HashSet<>();
		for (int i = 0; i < cluster.nodes().size(); i++) {
			HttpResponse<String> read = reader.get("/Patient?_count=1");
			if (read.statusCode() != status) {
				return false;
			}
			servedBy.add(read.headers().firstValue("X-Portal-Node").orElseThrow());
		}
		return servedBy.size() == cluster.nodes().size();
	}

	/** Polls {@code condition} until it holds, failing if that takes more than the README's one-second bound. */
	private static void assertWithinOneSecond(String what, BooleanSupplier condition) {
		long start = System.nanoTime();
		while (!condition.getAsBoolean()) {
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what).isLessThanOrEqualTo(Duration.ofSeconds(1));
		}
	}

	private static String createPatient(RawHttp admin, String family) {
		HttpResponse<String> created = admin.post("/Patient", "application/fhir+json",
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	/** A patient's standalone launch of a new app through the balancer; returns the token response. */
	private HttpResponse<String> launch(String patient, String scope) {
		SmartAppLaunch launch = new SmartAppLaunch(cluster.root(),
				RegisteredApps.publicApp(cluster.root(), "openid fhirUser launch/patient patient/*.rs", "\"authorization_code\""));
		return launch.launch(patientAccount(patient), PASSWORD, scope);
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
