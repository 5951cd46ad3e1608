package org.fhirportal.server.workflow;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fhirportal.server.support.PortalSessions;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Patients as the notification tests need them: a Patient record with an e-mail address (written by the EHR side),
 * a portal account made through the administrators' API ({@code /api/admin/users}), and a sign-in to the portal app
 * itself, whose token the account API ({@code /api/me/...}) accepts.
 */
final class PatientAccounts {

	static final String PORTAL = "fhir-portal";
	static final String PASSWORD = "correct horse battery staple";
	static final String SCOPE = "openid fhirUser launch/patient patient/Communication.rs patient/MedicationRequest.rs patient/Task.crs online_access";

	/** A patient's record, e-mail address and portal sign-in. */
	record SignedIn(String patientId, String email, RawHttp fhir, RawHttp api) {}

	private final PortalSessions sessions;

	PatientAccounts(PortalSessions sessions, RegisteredClientRepository clients) {
		this.sessions = sessions;
		// The portal app's client is registered by the server for its own address; no API adds the test browser's
		// callback to it, so the set-up adds it in the repository (as AccountSettingsApiTest does).
		RegisteredClient portal = clients.findByClientId(PORTAL);
		if (!portal.getRedirectUris().contains(SmartAppLaunch.REDIRECT)) {
			clients.save(RegisteredClient.from(portal).redirectUri(SmartAppLaunch.REDIRECT).build());
		}
	}

	/** A patient of the practitioner, with an e-mail address in the record, signed in to the portal app. */
	SignedIn patientOf(String practitionerId) {
		return patientOf(practitionerId, TestResources.unique("patient").toLowerCase() + "@mail.example");
	}

	/** As {@link #patientOf(String)}, with the given e-mail address in the record, or none if null. */
	SignedIn patientOf(String practitionerId, String email) {
		Patient patient = TestResources.patient(TestResources.unique("Notified"));
		patient.addGeneralPractitioner(new Reference("Practitioner/" + practitionerId));
		if (email != null) {
			patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email);
		}
		String patientId = sessions.create(patient);
		String username = TestResources.unique("notified");
		TokenClient tokens = new TokenClient(sessions.root());
		HttpResponse<String> created = tokens.send(HttpRequest.newBuilder(URI.create(sessions.root() + "/api/admin/users"))
				.header("Content-Type", "application/json").header("Authorization", "Bearer " + tokens.adminToken("user.admin"))
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"username":"%s","password":"%s","role":"PATIENT","fhirUser":"Patient/%s","displayName":"Pat Notified"}"""
						.formatted(username, PASSWORD, patientId))).build());
		if (created.statusCode() != 201) {
			throw new AssertionError("account not created: " + created.statusCode() + " " + created.body());
		}
		HttpResponse<String> token = new SmartAppLaunch(sessions.root(), PORTAL).launch(username, PASSWORD, SCOPE);
		if (token.statusCode() != 200) {
			throw new AssertionError("launch failed: " + token.body());
		}
		String accessToken = tokens.field(token.body(), "access_token");
		return new SignedIn(patientId, email, new RawHttp(sessions.root() + "/fhir", accessToken), new RawHttp(sessions.root(), accessToken));
	}

	/** {@code PUT /api/me/notifications} with the JSON body, as the portal app sends it. */
	HttpResponse<String> putNotices(SignedIn patient, String json) {
		return patient.api().send(HttpRequest.newBuilder(URI.create(sessions.root() + "/api/me/notifications"))
				.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
	}
}
