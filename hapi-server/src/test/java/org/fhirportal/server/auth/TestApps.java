package org.fhirportal.server.auth;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirportal.server.support.ClientRegistrations;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;

/** Fixtures of the authorization tests: a public SMART app registered through the API, patients created through the FHIR API. */
final class TestApps {

	private TestApps() {}

	/** A public SMART app (PKCE, refresh tokens) registered at /connect/register with the admin client's token. */
	static String registerPublicApp(String root, List<String> scopes) {
		return new ClientRegistrations(root).publicApp(SmartAppLaunch.REDIRECT, String.join(" ", scopes));
	}

	static String createPatient(RawHttp adminFhir, String family) {
		HttpResponse<String> created = adminFhir.post("/Patient", "application/fhir+json",
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
		if (created.statusCode() != 201) {
			throw new AssertionError("patient not created: " + created.body());
		}
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}

	static String createPractitioner(RawHttp adminFhir, String family) {
		HttpResponse<String> created = adminFhir.post("/Practitioner", "application/fhir+json",
				"{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"" + family + "\"}]}");
		if (created.statusCode() != 201) {
			throw new AssertionError("practitioner not created: " + created.body());
		}
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
	}
}
