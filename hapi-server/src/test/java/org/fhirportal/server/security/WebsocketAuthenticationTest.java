package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The websocket of FHIR Subscriptions ({@code /websocket}, issue 22 item 4) over a real websocket: no token, a bad
 * token or a foreign Origin gets no socket; a token binds only Subscriptions it may read; the socket closes when
 * the token is revoked or expires.
 */
@PortalServerTest
class WebsocketAuthenticationTest {

	private static final String SCOPES = "patient/Communication.rs patient/Patient.rs patient/Subscription.cr";
	private static final int POLICY_VIOLATION = 1008;

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;
	@Autowired
	RegisteredClientRepository clients;

	PortalSessions sessions;
	String doctor;
	String patient;
	RawHttp patientFhir;

	@BeforeEach
	void setUp() {
		sessions = new PortalSessions(port, fhirContext, users, clients);
		Practitioner practitioner = new Practitioner();
		practitioner.addName().setFamily(TestResources.unique("Careful")).addGiven("Adam");
		doctor = sessions.create(practitioner);
		Patient record = TestResources.patient(TestResources.unique("Socket"));
		record.addGeneralPractitioner(new Reference("Practitioner/" + doctor));
		patient = sessions.create(record);
		patientFhir = sessions.patient(patient, SCOPES);
	}

	@Test
	void upgradeWhenBadBearerTokenThenRefusedWith401() {
		assertThatThrownBy(() -> connect(List.of("Authorization", "Bearer not-a-token")))
				.hasCauseInstanceOf(WebSocketHandshakeException.class)
				.satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
	}

	@Test
	void upgradeWhenForeignOriginThenRefused() {
		assertThatThrownBy(() -> connect(List.of("Origin", "https://evil.example", "Authorization", "Bearer " + patientFhir.bearerToken())))
				.hasCauseInstanceOf(WebSocketHandshakeException.class)
				.satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403));
	}

	@Test
	void bindWhenAnonymousThenClosedWithoutBinding() throws Exception {
		String subscription = ownSubscription();
		Socket anonymous = connect(List.of());

		anonymous.send("bind " + subscription);

		assertThat(anonymous.awaitClose()).isEqualTo(POLICY_VIOLATION);
		assertThat(anonymous.messages).noneMatch(m -> m.startsWith("bound"));
	}

	@Test
	void bindWhenNoTokenSentInTimeThenClosed() throws Exception {
		Socket silent = connect(List.of());

		assertThat(silent.awaitClose()).isEqualTo(POLICY_VIOLATION);
	}

	@Test
	void bindWhenBadTokenMessageThenClosed() throws Exception {
		Socket forged = connect(List.of());

		forged.send("bind-token " + patientFhir.bearerToken() + "x");

		assertThat(forged.awaitClose()).isEqualTo(POLICY_VIOLATION);
	}

	@Test
	void bindWhenAnotherPatientsSubscriptionThenClosedWithoutBinding() throws Exception {
		String subscription = ownSubscription();
		String other = sessions.create(TestResources.patient(TestResources.unique("Other")));
		Socket intruder = connect(List.of("Authorization", "Bearer " + sessions.patient(other, SCOPES).bearerToken()));

		intruder.send("bind " + subscription);

		assertThat(intruder.awaitClose()).isEqualTo(POLICY_VIOLATION);
		assertThat(intruder.messages).noneMatch(m -> m.startsWith("bound"));
	}

	@Test
	void bindWhenOwnSubscriptionWithTokenMessageThenPingedOnMatchingWrite() throws Exception {
		String subscription = ownSubscription();
		Socket browser = connect(List.of());

		browser.send("bind-token " + patientFhir.bearerToken());
		browser.send("bind " + subscription);
		browser.await("bound " + subscription);
		sessions.create(messageTo(patient, doctor));

		assertThat(browser.await("ping " + subscription)).startsWith("ping " + subscription);
	}

	@Test
	void bindWhenOwnSubscriptionWithHeaderThenPingedOnMatchingWrite() throws Exception {
		String subscription = ownSubscription();
		Socket app = connect(List.of("Authorization", "Bearer " + patientFhir.bearerToken()));

		app.send("bind " + subscription);
		app.await("bound " + subscription);
		sessions.create(messageTo(patient, doctor));

		assertThat(app.await("ping " + subscription)).startsWith("ping " + subscription);
	}

	@Test
	void socketWhenTokenRevokedThenClosed() throws Exception {
		PortalSessions.Launched launched = sessions.patientLaunch(patient, SCOPES, Duration.ofMinutes(5));
		String subscription = ownSubscription();
		Socket app = connect(List.of("Authorization", "Bearer " + launched.accessToken()));
		app.send("bind " + subscription);
		app.await("bound " + subscription);

		// the patient disconnects the app in the portal: consent withdrawn, the app's tokens revoked
		HttpResponse<String> revoked = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(sessions.root() + "/api/me/apps/" + launched.clientId()))
						.header("Authorization", "Bearer " + launched.accessToken()).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
		assertThat(patientFhir.get("/Patient/" + patient).statusCode()).as("the app's other tokens still work").isEqualTo(200);

		assertThat(app.awaitClose()).isEqualTo(POLICY_VIOLATION);
		assertThat(app.closeReason).contains("revoked");
	}

	@Test
	void socketWhenTokenExpiresThenClosed() throws Exception {
		PortalSessions.Launched launched = sessions.patientLaunch(patient, SCOPES, Duration.ofSeconds(8));
		String subscription = ownSubscription();
		Socket app = connect(List.of("Authorization", "Bearer " + launched.accessToken()));
		app.send("bind " + subscription);
		app.await("bound " + subscription);

		assertThat(app.awaitClose()).isEqualTo(POLICY_VIOLATION);
		assertThat(app.closeReason).contains("expired");
	}

	/** A websocket Subscription of the patient's own messages, created with their token and active. */
	private String ownSubscription() {
		Subscription subscription = new Subscription().setStatus(Subscription.SubscriptionStatus.REQUESTED)
				.setReason("my new messages").setCriteria("Communication?recipient=Patient/" + patient);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET);
		HttpResponse<String> created = patientFhir.post("/Subscription", "application/fhir+json", sessions.json(subscription));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
		Await.until("subscription active", Duration.ofSeconds(60), () -> Optional.of(sessions.read(Subscription.class, id))
				.filter(s -> s.getStatus() == Subscription.SubscriptionStatus.ACTIVE));
		return id;
	}

	private static Communication messageTo(String patient, String doctor) {
		Communication message = new Communication().setStatus(Communication.CommunicationStatus.COMPLETED);
		message.setSubject(new Reference("Patient/" + patient));
		message.setSender(new Reference("Practitioner/" + doctor));
		message.getTopic().setText("Results");
		message.addRecipient(new Reference("Patient/" + patient));
		message.addPayload().setContent(new StringType("New results"));
		return message;
	}

	private Socket connect(List<String> headers) throws Exception {
		Socket socket = new Socket();
		WebSocket.Builder builder = socket.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
		for (int i = 0; i + 1 < headers.size(); i += 2) {
			builder.header(headers.get(i), headers.get(i + 1));
		}
		socket.webSocket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/websocket"), socket).get(30, TimeUnit.SECONDS);
		return socket;
	}

	/** A client end that records what arrives and how the server closed it. */
	private static final class Socket implements WebSocket.Listener {

		/** Held for the socket's life: an HttpClient that is no longer referenced closes its connections (1006). */
		final HttpClient client = HttpClient.newHttpClient();
		final List<String> messages = new CopyOnWriteArrayList<>();
		final CompletableFuture<Integer> closed = new CompletableFuture<>();
		volatile String closeReason;
		WebSocket webSocket;

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			messages.add(data.toString());
			socket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
			closeReason = reason;
			closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket socket, Throwable error) {
			closed.completeExceptionally(error);
		}

		void send(String text) throws ExecutionException, InterruptedException {
			webSocket.sendText(text, true).get();
		}

		String await(String prefix) {
			return Await.until("websocket message " + prefix, Duration.ofSeconds(60), () -> {
				Optional<String> found = messages.stream().filter(m -> m.startsWith(prefix)).findFirst();
				if (found.isEmpty() && closed.isDone()) {
					throw new AssertionError("the server closed the socket (" + closed.getNow(0) + " " + closeReason + ") before " + prefix);
				}
				return found;
			});
		}

		int awaitClose() throws Exception {
			return closed.get(60, TimeUnit.SECONDS);
		}
	}
}
