package org.fhirportal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.fhirportal.server.support.TokenClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * TOTP multi-factor sign-in, required for practitioners by default: enrolment at the first sign-in, a code at
 * every later one, and no way past the second step with a wrong code.
 */
@PortalServerTest
class MultiFactorSignInTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final String SCOPE = "openid fhirUser user/*.rs";

	@LocalServerPort
	int port;


	@Autowired
	JdbcPortalUsers users;

	String root;
	String clientId;
	String clinician;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
		clientId = TestApps.registerPublicApp(root, List.of(SCOPE.split(" ")));
		RawHttp admin = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		HttpResponse<String> practitioner = admin.post("/Practitioner", "application/fhir+json",
				"{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Mfa\"}]}");
		String practitionerId = URI.create(practitioner.headers().firstValue("Location").orElseThrow()).getPath().split("/")[3];
		clinician = TestResources.unique("dr");
		users.save(clinician, PASSWORD, PortalRole.PRACTITIONER, "Practitioner/" + practitionerId, "Dr Mfa");
	}

	@Test
	void signInWhenPractitionerThenEnrolsFirstAndGivesACodeEveryTime() {
		SmartAppLaunch first = new SmartAppLaunch(root, clientId);
		assertThat(first.launch(clinician, PASSWORD, SCOPE).statusCode()).isEqualTo(200);
		assertThat(users.find(clinician).orElseThrow().mfaSecret()).contains(first.totpSecret());

		SmartAppLaunch second = new SmartAppLaunch(root, clientId).withTotpSecret(first.totpSecret());
		HttpResponse<String> login = second.browser().followWithin(root, second.browser().get(second.authorizeUrl(root + "/fhir", SCOPE)));
		HttpResponse<String> mfaPage = second.browser().followWithin(root, second.browser().postForm(root + "/login", List.of(
				new SimpleEntry<>("username", clinician), new SimpleEntry<>("password", PASSWORD), SmartAppLaunch.csrf(login.body()))));

		assertThat(mfaPage.uri().getPath()).isEqualTo("/login/mfa");
		assertThat(mfaPage.body()).contains("6-digit code").doesNotContain("id=\"secret\"");
	}

	@Test
	void secondStepWhenCodeWrongThenNotSignedInAndNoCodeIssued() {
		SmartAppLaunch app = new SmartAppLaunch(root, clientId);
		HttpResponse<String> login = app.browser().followWithin(root, app.browser().get(app.authorizeUrl(root + "/fhir", SCOPE)));
		HttpResponse<String> mfaPage = app.browser().followWithin(root, app.browser().postForm(root + "/login", List.of(
				new SimpleEntry<>("username", clinician), new SimpleEntry<>("password", PASSWORD), SmartAppLaunch.csrf(login.body()))));

		HttpResponse<String> wrong = app.browser().postForm(root + "/login/mfa",
				List.of(new SimpleEntry<>("code", "000000"), SmartAppLaunch.csrf(mfaPage.body())));
		HttpResponse<String> authorizeAgain = app.browser().get(app.authorizeUrl(root + "/fhir", SCOPE));

		assertThat(wrong.statusCode()).isEqualTo(200);
		assertThat(wrong.body()).contains("role=\"alert\"");
		assertThat(authorizeAgain.statusCode()).isEqualTo(302);
		assertThat(authorizeAgain.headers().firstValue("Location").orElseThrow()).endsWith("/login").doesNotContain("code=");
	}
}
