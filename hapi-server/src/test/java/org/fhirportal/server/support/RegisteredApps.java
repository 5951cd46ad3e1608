package org.fhirportal.server.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Apps registered as an integrator registers them: RFC 7591 at {@code /connect/register} with an admin token. */
public final class RegisteredApps {

	private RegisteredApps() {}

	/**
	 * A public SMART app (PKCE, no secret) redirecting to {@link SmartAppLaunch#REDIRECT}.
	 *
	 * @param grantTypes the JSON array's items, e.g. {@code "authorization_code","refresh_token"}
	 * @return its client_id
	 */
	public static String publicApp(String root, String scope, String grantTypes) {
		TokenClient tokens = new TokenClient(root);
		HttpResponse<String> registered = tokens.send(HttpRequest.newBuilder(URI.create(root + "/connect/register"))
				.header("Content-Type", "application/json").header("Accept", "application/json")
				.header("Authorization", "Bearer " + tokens.adminToken("client.create"))
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"client_name":"Test app","redirect_uris":["%s"],"grant_types":[%s],
						 "response_types":["code"],"token_endpoint_auth_method":"none","scope":"%s"}""".formatted(SmartAppLaunch.REDIRECT, grantTypes, scope)))
				.build());
		if (registered.statusCode() != 201) {
			throw new AssertionError("app not registered: " + registered.statusCode() + " " + registered.body());
		}
		return tokens.field(registered.body(), "client_id");
	}
}
