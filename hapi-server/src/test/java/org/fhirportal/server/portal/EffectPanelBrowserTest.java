package org.fhirportal.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.fhirportal.server.portal.PortalE2e.BrowserRun;
import org.fhirportal.server.support.PortalServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The effect panel of the analysts' dashboard ({@code portal-app/e2e/effect.e2e.mjs}) in a real browser, against a
 * demo server whose engagement history is large enough for figures (250 synthetic portal users, where the default
 * demo's arms would mostly be suppressed) and carries a planted no-show effect of -0.12, confounded by age: the
 * forest plot must show the no-show estimate with its interval and the naive difference, the event study its points
 * and band, the reading guide its words; axe must find nothing serious, also at 390 px wide.
 */
@PortalServerTest(properties = {"portal.demo=true", "portal.demo-population.patients=3", "portal.demo-population.seed=11",
		"portal.demo-population.engagement-patients=250", "portal.demo-population.effects.no-show=-0.12"})
class EffectPanelBrowserTest {

	@LocalServerPort
	int port;

	@Test
	void analystWhenReadingTheEffectPanelThenForestPlotEventStudyAndGuideShowFiguresAndAxePasses() throws Exception {
		BrowserRun run = PortalE2e.run(port, "effect.e2e.mjs");

		assertThat(run.exitCode()).as("browser tests failed:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("# fail 0").contains("# pass 4");
		assertThat(PortalE2e.SCREENSHOTS.resolve("analyst-effect.png")).isNotEmptyFile();
		assertThat(PortalE2e.SCREENSHOTS.resolve("analyst-effect-panel.png")).isNotEmptyFile();
		assertThat(PortalE2e.SCREENSHOTS.resolve("analyst-effect-390.png")).isNotEmptyFile();
	}
}
