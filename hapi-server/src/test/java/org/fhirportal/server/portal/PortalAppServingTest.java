package org.fhirportal.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** The portal app is served at /portal/ without sign-in, under a strict content security policy, as a public client. */
@PortalServerTest(properties = {"portal.demo=true", "portal.demo-population.patients=3", "portal.demo-population.seed=7"})
class PortalAppServingTest {

	@LocalServerPort
	int port;

	@Autowired
	RegisteredClientRepository clients;

	@Test
	void portalPageWhenRequestedWithoutTokenThenServedWithContentSecurityPolicy() {
		RawHttp http = new RawHttp("http://127.0.0.1:" + port);

		HttpResponse<String> page = http.get("/portal/", "Accept", "text/html");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<div id=\"app\">");
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
				.contains("frame-ancestors 'none'");
		Matcher script = Pattern.compile("src=\"(/portal/assets/[^\"]+\\.js)\"").matcher(page.body());
		assertThat(script.find()).as("the page loads the app's script").isTrue();
		assertThat(http.get(script.group(1)).statusCode()).isEqualTo(200);
	}

	@Test
	void portalAddressWithoutSlashWhenRequestedThenRedirectedToTheApp() {
		HttpResponse<String> response = new RawHttp("http://127.0.0.1:" + port).get("/portal", "Accept", "text/html");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/portal/");
	}

	@Test
	void portalClientWhenServerStartedThenRegisteredAsPublicPkceClientWithLoopbackRedirects() {
		RegisteredClient portal = clients.findByClientId("fhir-portal");

		assertThat(portal).isNotNull();
		assertThat(portal.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
		assertThat(portal.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(portal.getRedirectUris()).contains("http://127.0.0.1:" + port + "/portal/", "http://localhost:" + port + "/portal/");
		assertThat(portal.getScopes()).contains("launch/patient", "patient/*.cruds").doesNotContain("system/*.cruds");
	}
}
