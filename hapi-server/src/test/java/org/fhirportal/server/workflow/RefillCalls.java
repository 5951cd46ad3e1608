package org.fhirportal.server.workflow;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/** The HTTP calls of the refill tests: {@code $request-refill}, reading and updating the request's Task. */
final class RefillCalls {

	private final PortalSessions sessions;

	RefillCalls(PortalSessions sessions) {
		this.sessions = sessions;
	}

	HttpResponse<String> requestRefill(RawHttp who, String medicationRequest, String note) {
		Parameters parameters = new Parameters();
		if (note != null) {
			parameters.addParameter("note", new StringType(note));
		}
		return who.post("/MedicationRequest/" + medicationRequest + "/$request-refill", "application/fhir+json", sessions.json(parameters));
	}

	/** Asks for a refill and returns the new Task's id, failing unless the request is accepted. */
	String requested(RawHttp who, String medicationRequest) {
		HttpResponse<String> response = requestRefill(who, medicationRequest, null);
		if (response.statusCode() != 200) {
			throw new AssertionError("refill not requested: " + response.statusCode() + " " + response.body());
		}
		return sessions.parse(Task.class, response).getIdElement().getIdPart();
	}

	/** The Task as the caller reads it. */
	Task read(RawHttp who, String taskId) {
		HttpResponse<String> response = who.get("/Task/" + taskId);
		if (response.statusCode() != 200) {
			throw new AssertionError("cannot read Task/" + taskId + ": " + response.statusCode() + " " + response.body());
		}
		return sessions.parse(Task.class, response);
	}

	HttpResponse<String> put(RawHttp who, Task task) {
		String id = task.getIdElement().getIdPart();
		return who.send(HttpRequest.newBuilder(URI.create(sessions.root() + "/fhir/Task/" + id))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.PUT(HttpRequest.BodyPublishers.ofString(sessions.json(task))).build());
	}

	/** Reads the Task as the caller, sets the status (and reason, if any) and writes it back. */
	HttpResponse<String> move(RawHttp who, String taskId, Task.TaskStatus status, String reason) {
		Task task = read(who, taskId);
		task.setStatus(status);
		if (reason != null) {
			task.getStatusReason().setText(reason);
		}
		return put(who, task);
	}
}
