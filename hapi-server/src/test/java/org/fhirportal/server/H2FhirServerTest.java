package org.fhirportal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fhirportal.server.support.TestResources.glucose;
import static org.fhirportal.server.support.TestResources.message;
import static org.fhirportal.server.support.TestResources.patient;
import static org.fhirportal.server.support.TestResources.unique;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fhirportal.server.support.Await;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RecordingHttpEndpoint;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

/**
 * The server contract on the default storage (an H2 file database in a fresh data directory), plus the
 * asynchronous machinery that does not depend on the database: bulk export and subscriptions.
 */
@PortalServerTest
class H2FhirServerTest extends FhirServerContractTest {

	@Test
	void bulkExportWhenSystemPatientAndGroupLevelThenNdjsonFilesHoldTheData() {
		String family = unique("Export");
		IdType patientId = (IdType) client.create().resource(patient(family)).execute().getId().toUnqualifiedVersionless();
		client.create().resource(glucose(new Reference(patientId.getValue()), 88)).execute();
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference(patientId.getValue()));
		IdType groupId = (IdType) client.create().resource(group).execute().getId().toUnqualifiedVersionless();

		Map<String, String> polls = Map.of(
				"system", kickOff("/$export?_type=Patient"),
				"patient", kickOff("/Patient/$export?_type=Patient,Observation"),
				"group", kickOff("/" + groupId.getValue() + "/$export?_type=Patient,Observation"));

		polls.forEach((level, pollUrl) -> {
			String manifest = Await.until(level + " export", Duration.ofMinutes(5), () -> {
				HttpResponse<String> status = http.send(java.net.http.HttpRequest.newBuilder(URI.create(pollUrl)).GET().build());
				assertThat(status.statusCode()).as(level + " export status: " + status.body()).isIn(200, 202);
				return status.statusCode() == 200 ? Optional.of(status.body()) : Optional.empty();
			});
			List<String> files = outputUrls(manifest);
			assertThat(files).as(level + " export manifest " + manifest).isNotEmpty();
			String ndjson = String.join("\n", files.stream().map(this::download).toList());
			assertThat(ndjson).as(level + " export").contains(family);
			if (!level.equals("system")) {
				assertThat(ndjson).as(level + " export").contains("\"resourceType\":\"Observation\"");
			}
		});
	}

	private String kickOff(String path) {
		HttpResponse<String> response = http.get(path, "Prefer", "respond-async", "Accept", "application/fhir+json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return response.headers().firstValue("Content-Location").orElseThrow();
	}

	private static List<String> outputUrls(String manifest) {
		return java.util.regex.Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+/Binary/[^\"]+)\"").matcher(manifest).results()
				.map(m -> m.group(1)).toList();
	}

	private String download(String binaryUrl) {
		HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(binaryUrl))
				.header("Accept", "application/fhir+ndjson").GET().build());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@Test
	void restHookSubscriptionWhenMatchingMessageArrivesThenEndpointNotified() {
		IdType patientId = (IdType) client.create().resource(patient(unique("Hook"))).execute().getId().toUnqualifiedVersionless();
		try (RecordingHttpEndpoint endpoint = new RecordingHttpEndpoint()) {
			Subscription subscription = new Subscription()
					.setStatus(Subscription.SubscriptionStatus.REQUESTED)
					.setReason("new messages for the patient")
					.setCriteria("Communication?recipient=" + patientId.getValue());
			subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
					.setEndpoint(endpoint.url("/hook")).setPayload("application/fhir+json");
			IdType subscriptionId = (IdType) client.create().resource(subscription).execute().getId().toUnqualifiedVersionless();
			awaitActive(subscriptionId);

			org.hl7.fhir.r4.model.Practitioner doctor = new org.hl7.fhir.r4.model.Practitioner();
			doctor.addName().setFamily(unique("Doc"));
			IdType doctorId = (IdType) client.create().resource(doctor).execute().getId().toUnqualifiedVersionless();

			client.create().resource(message(new Reference(doctorId.getValue()), new Reference(patientId.getValue()), "Hello from the clinic"))
					.execute();

			String delivered = Await.until("rest-hook delivery", Duration.ofSeconds(60),
					() -> endpoint.bodies().stream().filter(b -> b.contains("Hello from the clinic")).findFirst());
			assertThat(delivered).contains("\"resourceType\":\"Communication\"");
		}
	}

	@Test
	void websocketSubscriptionWhenMatchingResourceCreatedThenPinged() throws Exception {
		IdType patientId = (IdType) client.create().resource(patient(unique("Socket"))).execute().getId().toUnqualifiedVersionless();
		Subscription subscription = new Subscription()
				.setStatus(Subscription.SubscriptionStatus.REQUESTED)
				.setReason("live updates")
				.setCriteria("Observation?subject=" + patientId.getValue());
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET);
		IdType subscriptionId = (IdType) client.create().resource(subscription).execute().getId().toUnqualifiedVersionless();
		awaitActive(subscriptionId);

		List<String> messages = new CopyOnWriteArrayList<>();
		WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + adminToken)
				.buildAsync(URI.create("ws://127.0.0.1:" + port + "/websocket"), new WebSocket.Listener() {
					@Override
					public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
						messages.add(data.toString());
						webSocket.request(1);
						return null;
					}
				}).get();
		try {
			socket.sendText("bind " + subscriptionId.getIdPart(), true).get();
			Await.until("websocket bound", Duration.ofSeconds(30),
					() -> messages.stream().filter(m -> m.startsWith("bound")).findFirst());

			client.create().resource(glucose(new Reference(patientId.getValue()), 140)).execute();

			String ping = Await.until("websocket ping", Duration.ofSeconds(60),
					() -> messages.stream().filter(m -> m.startsWith("ping")).findFirst());
			assertThat(ping).contains(subscriptionId.getIdPart());
		} finally {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}
	}

	private void awaitActive(IdType subscriptionId) {
		Await.until("subscription " + subscriptionId + " active", Duration.ofSeconds(60), () -> {
			Subscription current = client.read().resource(Subscription.class).withId(subscriptionId).execute();
			return current.getStatus() == Subscription.SubscriptionStatus.ACTIVE ? Optional.of(current) : Optional.empty();
		});
	}
}
