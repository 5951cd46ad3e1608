package org.fhirportal.server.support;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Real sessions on the running server for workflow tests: the admin's backend token (system scopes), and patients
 * and practitioners signed in through a real standalone launch of a registered public app, each with their own
 * user account; plus FHIR JSON helpers.
 */
public final class PortalSessions {

	private static final String PASSWORD = "correct horse battery staple";

	private final String root;
	private final FhirContext fhir;
	private final JdbcPortalUsers users;
	private final RegisteredClientRepository clients;
	private RawHttp admin;

	public PortalSessions(int port, FhirContext fhir, JdbcPortalUsers users) {
		this(port, fhir, users, null);
	}

	/** With the client repository, for the tests that need a token lifetime no API sets (see {@link #patientLaunch}). */
	public PortalSessions(int port, FhirContext fhir, JdbcPortalUsers users, RegisteredClientRepository clients) {
		this.root = "http://127.0.0.1:" + port;
		this.fhir = fhir;
		this.users = users;
		this.clients = clients;
	}

	public String root() {
		return root;
	}

	/** A backend client with {@code system/*.cruds}: the EHR side. */
	public RawHttp admin() {
		if (admin == null) {
			admin = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		}
		return admin;
	}

	/** A patient user of the given record, signed in to a new app granted the given scopes. */
	public RawHttp patient(String patientId, String scope) {
		return user(PortalRole.PATIENT, "Patient/" + patientId, "openid fhirUser launch/patient " + scope);
	}

	/** A practitioner user (with TOTP enrolled at first sign-in), signed in to a new app granted the given scopes. */
	public RawHttp practitioner(String practitionerId, String scope) {
		return user(PortalRole.PRACTITIONER, "Practitioner/" + practitionerId, "openid fhirUser " + scope);
	}

	/** An analyst user (no FHIR identity), signed in to a new app granted the given scopes. */
	public RawHttp analyst(String scope) {
		return user(PortalRole.ANALYST, null, "openid fhirUser " + scope);
	}

	/**
	 * A caregiver: a RelatedPerson user holding proxy grants (made through the administrators' API) for the given
	 * patients, signed in to a new app granted the given scopes.
	 */
	public RawHttp caregiver(String relatedPersonId, String scope, String... grantedPatients) {
		String username = TestResources.unique("caregiver");
		users.save(username, PASSWORD, PortalRole.RELATED_PERSON, "RelatedPerson/" + relatedPersonId, "Test caregiver");
		TokenClient tokens = new TokenClient(root);
		String adminToken = tokens.adminToken("user.admin");
		for (String patient : grantedPatients) {
			HttpResponse<String> granted = tokens.send(HttpRequest.newBuilder(URI.create(root + "/api/admin/proxy-grants"))
					.header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
					.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"patient\":\"" + patient + "\"}")).build());
			if (granted.statusCode() != 201) {
				throw new AssertionError("proxy grant refused: " + granted.statusCode() + " " + granted.body());
			}
		}
		return launch(username, "openid fhirUser " + scope);
	}

	private RawHttp user(PortalRole role, String fhirUser, String scope) {
		String username = TestResources.unique(role.name().toLowerCase());
		users.save(username, PASSWORD, role, fhirUser, "Test " + role.name().toLowerCase());
		return launch(username, scope);
	}

	/** What a patient's launch of a new app gave: the app's client id and the access token. */
	public record Launched(String clientId, String accessToken) {}

	/**
	 * A patient user of the given record, signed in to a new app granted the given scopes whose access tokens live
	 * {@code accessTokenTtl}.
	 */
	public Launched patientLaunch(String patientId, String scope, Duration accessTokenTtl) {
		String username = TestResources.unique(PortalRole.PATIENT.name().toLowerCase());
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + patientId, "Test patient");
		return launch(username, "openid fhirUser launch/patient " + scope, accessTokenTtl);
	}

	private RawHttp launch(String username, String scope) {
		return new RawHttp(root + "/fhir", launch(username, scope, null).accessToken());
	}

	/** Launches a newly registered app; {@code accessTokenTtl} null keeps the server's default token lifetime. */
	private Launched launch(String username, String scope, Duration accessTokenTtl) {
		String clientId = new ClientRegistrations(root).publicApp("Workflow test app", SmartAppLaunch.REDIRECT, scope);
		if (accessTokenTtl != null) {
			Objects.requireNonNull(clients, "a PortalSessions made with the client repository");
			// No API sets one client's access-token lifetime (registration gives every client smart.auth.access-token-ttl):
			// the expiry tests shorten it in the repository.
			RegisteredClient registered = clients.findByClientId(clientId);
			clients.save(RegisteredClient.from(registered)
					.tokenSettings(TokenSettings.withSettings(registered.getTokenSettings().getSettings()).accessTokenTimeToLive(accessTokenTtl).build())
					.build());
		}
		HttpResponse<String> token = new SmartAppLaunch(root, clientId).launch(username, PASSWORD, scope);
		if (token.statusCode() != 200) {
			throw new AssertionError("launch failed: " + token.body());
		}
		return new Launched(clientId, new TokenClient(root).field(token.body(), "access_token"));
	}

	/** Creates the resource with the admin's token and returns its id. */
	public String create(Resource resource) {
		HttpResponse<String> created = admin().post("/" + resource.fhirType(), "application/fhir+json", json(resource));
		if (created.statusCode() != 201) {
			throw new AssertionError(resource.fhirType() + " not created: " + created.statusCode() + " " + created.body());
		}
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	public String json(IBaseResource resource) {
		return fhir.newJsonParser().encodeResourceToString(resource);
	}

	public <T extends IBaseResource> T parse(Class<T> type, HttpResponse<String> response) {
		return fhir.newJsonParser().parseResource(type, response.body());
	}

	public <T extends IBaseResource> T read(Class<T> type, String id) {
		HttpResponse<String> response = admin().get("/" + type.getSimpleName() + "/" + id);
		if (response.statusCode() != 200) {
			throw new AssertionError("cannot read " + type.getSimpleName() + "/" + id + ": " + response.body());
		}
		return parse(type, response);
	}

	public <T extends Resource> List<T> entries(HttpResponse<String> response, Class<T> type) {
		return parse(Bundle.class, response).getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(type::isInstance).map(type::cast).toList();
	}
}
