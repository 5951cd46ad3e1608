package org.fhirportal.server.security;

import java.net.URI;
import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;

/** Accounts of the security tests: a FHIR resource created through the API, and a portal account for it. */
final class SecurityFixtures {

	static final String PASSWORD = "correct horse battery staple";

	record Account(String username, String resourceId) {}

	private SecurityFixtures() {}

	/** A patient and their portal account (the account is saved directly: the test set-up of every auth test). */
	static Account patient(String root, JdbcPortalUsers users, String family) {
		String id = create(root, "Patient", family);
		String username = TestResources.unique(family.toLowerCase());
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + id, "Pat " + family);
		return new Account(username, id);
	}

	/** A practitioner and their portal account. */
	static Account practitioner(String root, JdbcPortalUsers users, String family) {
		String id = create(root, "Practitioner", family);
		String username = TestResources.unique("dr-" + family.toLowerCase());
		users.save(username, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + id, "Dr " + family);
		return new Account(username, id);
	}

	private static String create(String root, String type, String family) {
		HttpResponse<String> created = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"))
				.post("/" + type, "application/fhir+json", "{\"resourceType\":\"" + type + "\",\"name\":[{\"family\":\"" + family + "\"}]}");
		if (created.statusCode() != 201) {
			throw new AssertionError(type + " not created: " + created.body());
		}
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}
}
