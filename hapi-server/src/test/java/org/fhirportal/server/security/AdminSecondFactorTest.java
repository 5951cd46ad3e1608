package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RegisteredApps;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestResources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * By default ({@code smart.auth.mfa-required-roles}) analysts and administrators, who reach more than their own
 * record, sign in with a second factor: the password alone leads to {@code /login/mfa}, which enrols them at the
 * first sign-in; only a valid code goes on to the app's consent.
 */
@PortalServerTest
class AdminSecondFactorTest {

	private static final String SCOPE = "openid fhirUser user/AuditEvent.rs";

	@LocalServerPort
	int port;

	@Autowired
	JdbcPortalUsers users;

	String root;

	@BeforeEach
	void setUp() {
		root = "http://127.0.0.1:" + port;
	}

	@Test
	void signInWhenAnalystThenSecondFactorRequiredAndEnrolledAtFirstSignIn() {
		assertSecondFactorRequired(PortalRole.ANALYST);
	}

	@Test
	void signInWhenAdministratorThenSecondFactorRequiredAndEnrolledAtFirstSignIn() {
		assertSecondFactorRequired(PortalRole.ADMINISTRATOR);
	}

	@Test
	void signInWhenPatientThenPasswordIsEnough() {
		SecurityFixtures.Account patient = SecurityFixtures.patient(root, users, "OneStep");
		String scope = "openid fhirUser launch/patient patient/*.rs";
		SmartAppLaunch launch = new SmartAppLaunch(root, RegisteredApps.publicApp(root, scope, "\"authorization_code\""));

		HttpResponse<String> afterPassword = signInWithPassword(launch, patient.username(), scope);

		assertThat(afterPassword.uri().getPath()).isEqualTo("/oauth2/consent");
	}

	private void assertSecondFactorRequired(PortalRole role) {
		String username = TestResources.unique(role.name().toLowerCase());
		users.save(username, SecurityFixtures.PASSWORD, role, null, "Second Factor");
		SmartAppLaunch launch = new SmartAppLaunch(root, RegisteredApps.publicApp(root, SCOPE, "\"authorization_code\""));

		HttpResponse<String> afterPassword = signInWithPassword(launch, username, SCOPE);
		assertThat(afterPassword.uri().getPath()).as("the password alone does not sign in a " + role).isEqualTo("/login/mfa");
		assertThat(afterPassword.body()).contains("<code id=\"secret\">");
		HttpResponse<String> afterCode = launch.browser().followWithin(root, launch.secondFactor(afterPassword.body()));

		assertThat(afterCode.uri().getPath()).isEqualTo("/oauth2/consent");
		assertThat(users.find(username).orElseThrow().mfaSecret()).as("enrolled").isPresent();
	}

	private HttpResponse<String> signInWithPassword(SmartAppLaunch launch, String username, String scope) {
		HttpResponse<String> login = launch.browser().followWithin(root, launch.browser().get(launch.authorizeUrl(root + "/fhir", scope)));
		return launch.browser().followWithin(root, launch.browser().postForm(root + "/login", List.of(
				new SimpleEntry<>("username", username), new SimpleEntry<>("password", SecurityFixtures.PASSWORD), SmartAppLaunch.csrf(login.body()))));
	}
}
