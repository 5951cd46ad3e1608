package org.fhirportal.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.support.PortalServerTest;
import org.fhirportal.server.support.RawHttp;
import org.fhirportal.server.support.TokenClient;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The patient portal in a real browser against the running server with demo data: the browser tests of module
 * {@code portal-app} ({@code portal-app/e2e/*.e2e.mjs}, node's test runner driving Debian's chromium with
 * playwright-core, axe-core on every screen). Each saves screenshots under {@code target/portal-e2e/}. The demo's
 * engagement history has 250 synthetic portal users with a planted no-show effect of -0.12, confounded by age, so
 * that the effect panel has figures to show (analyst.e2e.mjs with effect-panel.mjs).
 *
 * <p>Needs {@code node} and {@code chromium} on the PATH ({@code .ci/run} installs both) and the portal-app
 * module built first (the reactor does, it installs the tests' npm packages).
 */
@PortalServerTest(properties = {"portal.demo=true", "portal.demo-population.patients=3", "portal.demo-population.seed=7",
		"portal.demo-population.engagement-patients=250", "portal.demo-population.effects.no-show=-0.12",
		"smart.auth.branding.organization-name=Riverside Health", "smart.auth.branding.primary-color=#7a1f5c"})
class PortalBrowserTest {

	private static final Path PORTAL_APP = Path.of("..", "portal-app").toAbsolutePath().normalize();
	private static final Path SCREENSHOTS = Path.of("target", "portal-e2e").toAbsolutePath();

	@LocalServerPort
	int port;
	@Autowired
	FhirContext fhirContext;
	@Autowired
	JdbcPortalUsers users;

	@Test
	void patientWhenUsingThePortalThenEveryScreenWorksAndPassesAxe() throws Exception {
		BrowserRun run = runE2e("patient.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").doesNotContain("# pass 0");
		assertThat(SCREENSHOTS.resolve("patient-lab-trend.png")).isNotEmptyFile();
	}

	@Test
	void caregiverAndAccountWhenSwitchingPatientRevokingAppsAndSettingUpTwoStepSignInThenEachWorksAndPassesAxe() throws Exception {
		BrowserRun run = runE2e("account.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").contains("# pass 9");
		assertThat(SCREENSHOTS.resolve("caregiver-second-patient.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("notices-chosen.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("apps-revoked.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("mfa-on.png")).isNotEmptyFile();
	}

	@Test
	void analystWhenUsingTheDashboardThenChartsHaveFiguresFiltersWorkCsvDownloadsEffectPanelShowsEstimatesAndAxePasses() throws Exception {
		BrowserRun run = runE2e("analyst.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").contains("# pass 8");
		assertThat(SCREENSHOTS.resolve("analyst-dashboard.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("walk-phone-analyst-dashboard.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("analyst-effect.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("analyst-effect-panel.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("analyst-effect-390.png")).isNotEmptyFile();
	}

	@Test
	void patientAndCaregiverWhenWalkingEveryScreenOnDesktopAndPhoneThenScreensSayWhoWhereWhatFitAndPassAxe() throws Exception {
		BrowserRun run = runE2e("walk.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").contains("# pass 10");
		for (String device : List.of("desktop", "phone")) {
			for (String screen : List.of("home", "appointments", "who-saw-my-record", "account-settings")) {
				assertThat(SCREENSHOTS.resolve("walk-" + device + "-patient-" + screen + ".png")).isNotEmptyFile();
				assertThat(SCREENSHOTS.resolve("walk-" + device + "-caregiver-" + screen + ".png")).isNotEmptyFile();
			}
			assertThat(SCREENSHOTS.resolve("walk-" + device + "-patient-booked.png")).isNotEmptyFile();
			assertThat(SCREENSHOTS.resolve("walk-" + device + "-patient-access-log.png")).isNotEmptyFile();
		}
	}

	@Test
	void patientWhenMessagingWithFilesThenAttachmentsTravelAndUnreadBecomesRead() throws Exception {
		sendUnreadLetterToTheDemoPatient();

		BrowserRun run = runE2e("messages.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").contains("# pass 3");
		assertThat(SCREENSHOTS.resolve("patient-message-attachment.png")).isNotEmptyFile();
	}

	@Test
	void serverPagesWhenSigningInConsentingPickingAndActivatingOnDesktopAndPhoneThenBrandedPlainAndPassAxe() throws Exception {
		BrowserRun run = runE2e("pages.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").contains("# pass 9");
		for (String device : List.of("desktop", "phone")) {
			assertThat(SCREENSHOTS.resolve("pages-sign-in-" + device + ".png")).isNotEmptyFile();
			assertThat(SCREENSHOTS.resolve("pages-consent-" + device + ".png")).isNotEmptyFile();
			assertThat(SCREENSHOTS.resolve("pages-mfa-" + device + ".png")).isNotEmptyFile();
			assertThat(SCREENSHOTS.resolve("pages-caregiver-picker-" + device + ".png")).isNotEmptyFile();
			assertThat(SCREENSHOTS.resolve("pages-activation-" + device + ".png")).isNotEmptyFile();
		}
	}

	@Test
	void browserAppOnAnotherOriginWhenLaunchingWithFhirclientThenTokenRequestIsCrossOriginAndPatientIsRead() throws Exception {
		BrowserRun run = runE2e("cross-origin-app.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").contains("# pass 1");
		assertThat(SCREENSHOTS.resolve("cross-origin-app.png")).isNotEmptyFile();
	}

	/** The demo patient's general practitioner writes a letter with a PDF, over the EHR's API (unread until opened). */
	private void sendUnreadLetterToTheDemoPatient() {
		String root = "http://127.0.0.1:" + port;
		RawHttp ehr = new RawHttp(root + "/fhir", new TokenClient(root).adminToken("system/*.cruds"));
		String patientRef = users.find("demo-patient").flatMap(u -> u.fhirUser()).orElseThrow();
		Patient patient = fhirContext.newJsonParser().parseResource(Patient.class, ehr.get("/" + patientRef).body());
		Communication letter = new Communication().setStatus(Communication.CommunicationStatus.COMPLETED)
				.setSubject(new Reference(patientRef)).setSender(new Reference(patient.getGeneralPractitionerFirstRep().getReference()));
		letter.addRecipient(new Reference(patientRef));
		letter.getTopic().setText("Your letter from the practice");
		letter.addPayload().setContent(new StringType("Please find your letter attached."));
		letter.addPayload().setContent(new Attachment().setContentType("application/pdf").setTitle("letter.pdf")
				.setData("%PDF-1.4\n%demo letter\n".getBytes(StandardCharsets.US_ASCII)));
		HttpResponse<String> sent = ehr.post("/Communication", "application/fhir+json", fhirContext.newJsonParser().encodeResourceToString(letter));
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
	}

	record BrowserRun(int exitCode, String output) {}

	private BrowserRun runE2e(String file) throws IOException, InterruptedException {
		assertThat(PORTAL_APP.resolve("node_modules/playwright-core")).as("portal-app's npm packages (build the reactor: mvn -pl hapi-server -am)")
				.isDirectory();
		Path log = Files.createTempFile("portal-e2e", ".log");
		// a loopback IP address: the authorization server accepts any port there for the portal's redirect URI
		ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-reporter=tap", "--test-concurrency=1", "e2e/" + file))
				.directory(PORTAL_APP.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
		node.environment().put("PORTAL_BASE_URL", "http://127.0.0.1:" + port);
		node.environment().put("PORTAL_SCREENSHOT_DIR", SCREENSHOTS.toString());
		node.environment().put("PORTAL_ADMIN_SECRET", org.fhirportal.server.support.TokenClient.ADMIN_CLIENT_SECRET);
		Process process = node.start();
		try {
			if (!process.waitFor(6, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return new BrowserRun(-1, "timed out after 6 minutes\n" + Files.readString(log, StandardCharsets.UTF_8));
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			System.out.println(output);
			return new BrowserRun(process.exitValue(), output);
		} finally {
			process.destroyForcibly();
			Files.deleteIfExists(log);
		}
	}
}
