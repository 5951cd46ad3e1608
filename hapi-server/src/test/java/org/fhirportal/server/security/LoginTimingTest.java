package org.fhirportal.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.auth.user.PortalRole;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.SmartAppLaunch;
import org.fhirportal.server.support.TestBrowser;
import org.fhirportal.server.support.TestResources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code POST /login} takes as long for a locked account and for an unknown username as for a wrong password of an
 * existing account, so its timing does not tell which usernames exist (every path checks a bcrypt hash). Robust
 * against a busy machine: the attempts of each kind are interleaved, and medians are compared with a generous
 * bound (a refusal without a hash check answered about ten times faster).
 */
@PortalServerTest
class LoginTimingTest {

	private static final String PASSWORD = "correct horse battery staple";
	private static final int ROUNDS = 7;
	/** A refusal may be this much faster than a wrong password and still count as the same time. */
	private static final double SAME_TIME = 0.5;

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
	void loginWhenAccountLockedOrUnknownThenAnswerTakesAsLongAsAWrongPassword() {
		String locked = account();
		for (int i = 0; i < 5; i++) {
			signIn(locked, "wrong password " + i);
		}
		assertThat(location(signIn(locked, PASSWORD))).as("the account is locked: even its password is refused").contains("error");

		List<Long> wrongPassword = new ArrayList<>();
		List<Long> lockedAccount = new ArrayList<>();
		List<Long> lockedWithPassword = new ArrayList<>();
		List<Long> unknownUser = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			String existing = account();
			wrongPassword.add(timed(signInForm(existing, "not the password")));
			lockedAccount.add(timed(signInForm(locked, "not the password")));
			lockedWithPassword.add(timed(signInForm(locked, PASSWORD)));
			unknownUser.add(timed(signInForm(TestResources.unique("nobody"), "not the password")));
		}

		long reference = median(wrongPassword);
		assertThat(median(lockedAccount)).as("locked account vs wrong password (ns): %s vs %s", lockedAccount, wrongPassword)
				.isGreaterThanOrEqualTo((long) (reference * SAME_TIME));
		assertThat(median(lockedWithPassword)).as("locked account with its password vs wrong password (ns): %s vs %s", lockedWithPassword,
				wrongPassword).isGreaterThanOrEqualTo((long) (reference * SAME_TIME));
		assertThat(median(unknownUser)).as("unknown username vs wrong password (ns): %s vs %s", unknownUser, wrongPassword)
				.isGreaterThanOrEqualTo((long) (reference * SAME_TIME));
	}

	private String account() {
		String username = TestResources.unique("timed");
		users.save(username, PASSWORD, PortalRole.PATIENT, "Patient/" + username, "Timed Account"); // no record needed to sign in
		return username;
	}

	private HttpResponse<String> signIn(String username, String password) {
		return signInForm(username, password).get();
	}

	/**
	 * A sign-in from a fresh browser, ready to send: the sign-in page (its session and CSRF token) is fetched now,
	 * the form's POST when the returned supplier is called, so that only the POST is timed.
	 */
	private Supplier<HttpResponse<String>> signInForm(String username, String password) {
		TestBrowser browser = new TestBrowser();
		HttpResponse<String> page = browser.get(root + "/login");
		return () -> browser.postForm(root + "/login", List.of(new SimpleEntry<>("username", username), new SimpleEntry<>("password", password),
				SmartAppLaunch.csrf(page.body())));
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse("");
	}

	private static long timed(Supplier<HttpResponse<String>> attempt) {
		long start = System.nanoTime();
		HttpResponse<String> response = attempt.get();
		long elapsed = System.nanoTime() - start;
		assertThat(location(response)).as("a refused sign-in").contains("error");
		return elapsed;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}
}
