package org.fhirportal.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import org.fhirportal.auth.user.JdbcPortalUsers;
import org.fhirportal.server.portal.PortalE2e.BrowserRun;
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
 * playwright-core, axe-core on every screen; run by {@link PortalE2e}). Each saves screenshots under
 * {@code target/portal-e2e/}. The effect panel needs a larger population: {@link EffectPanelBrowserTest}.
 */
@PortalServerTest(properties = {"portal.demo=true", "portal.demo-population.patients=3", "portal.demo-population.seed=7"})
class PortalBrowserTest {

	private static final Path SCREENSHOTS = PortalE2e.SCREENSHOTS;

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
		assertThat(run.output()).contains("# fail 0").contains("# pass 8");
		assertThat(SCREENSHOTS.resolve("caregiver-second-patient.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("apps-revoked.png")).isNotEmptyFile();
		assertThat(SCREENSHOTS.resolve("mfa-on.png")).isNotEmptyFile();
	}

	@Test
	void analystWhenUsingTheDashboardThenChartsHaveFiguresFiltersWorkCsvDownloadsAndAxePasses() throws Exception {
		BrowserRun run = runE2e("analyst.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").contains("# pass 3");
		assertThat(SCREENSHOTS.resolve("analyst-dashboard.png")).isNotEmptyFile();
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

	private BrowserRun runE2e(String file) throws IOException, InterruptedException {
		return PortalE2e.run(port, file);
	}
}
