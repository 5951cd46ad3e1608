// The demo analyst uses the engagement dashboard (portal/#/analytics) in a real browser: signs in with the analyst's
// SMART scopes, sees every chart with figures, changes period and cohort grouping, downloads what is shown as CSV,
// and reads the effect of portal use (effect-panel.mjs).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { effectPanelTests } from "./effect-panel.mjs";
import { PHONE, browserSuite, checkAccessibility, checkScreen, screenshot, signInAsAnalyst } from "./portal.mjs";

/** The key the analyst's authenticator app holds, once enrolled. */
let analystSecret;

/** Waits until the report is loaded: no loading status left, six charts drawn. */
async function reportShown(page) {
  await page.getByRole("status").filter({ hasText: /^Loading/ }).first().waitFor({ state: "detached" }).catch(() => {});
  await page.getByTestId("engagement-chart").nth(5).waitFor();
}

function chart(page, title) {
  return page.getByTestId("engagement-chart").filter({ has: page.locator("figcaption", { hasText: title }) });
}

browserSuite("the demo analyst", (pageTest) => {
  pageTest("signs in and sees every engagement chart with figures over the last six months", "analyst-dashboard", async (page) => {
    analystSecret = await signInAsAnalyst(page, analystSecret);
    await reportShown(page);
    assert.equal(await page.getByTestId("open-record").count(), 0, "no patient's record is opened for an analyst");
    assert.equal(await page.getByTestId("engagement-chart").count(), 6);
    for (const title of ["Adoption", "Monthly active patients", "Sign-ins per active patient", "Views by kind of data",
      "Time to first view of new lab results", "Messaging and self-scheduling"]) {
      const points = await chart(page, title).locator(".point").count();
      assert.ok(points >= 3, `${title}: at least three monthly figures shown, got ${points}`);
    }
    assert.equal(await chart(page, "Sign-ins per active patient").locator("rect.band").count(), 1, "the 3-5 benchmark band");
    assert.equal(await chart(page, "Views by kind of data").locator("g.series").count(), 5, "one line per kind of data");
    // the demo's portal goes live in its third month: the first months may read "not shown", the last ones have figures
    assert.match(await chart(page, "Monthly active patients").locator("svg").getAttribute("aria-label"), /all .*\d+, \d+\.$/);
    // the effect panel below: on this small demo, per outcome its figures or a sentence saying why there are none
    await page.getByTestId("forest-plot").waitFor();
    const outcomes = await page.getByTestId("forest-plot").locator(".forest-row").all();
    assert.equal(outcomes.length, 4, "the effect panel asks for four outcomes");
    for (const outcome of outcomes) {
      const said = await outcome.getByTestId("forest-figures").count() + await outcome.getByTestId("forest-message").count();
      assert.equal(said, 1, `${await outcome.getAttribute("data-outcome")}: figures or a plain message`);
    }
    await checkScreen(page, "analytics dashboard", "analyst-dashboard");
  });

  pageTest("groups patients by practice and shortens the period", "analyst-cohorts", async (page) => {
    await page.getByLabel("Group patients by").selectOption("organization");
    await page.getByLabel("Cohort shown in the charts").waitFor();
    await reportShown(page);
    const cohorts = page.getByTestId("cohort-table").locator("tbody tr");
    assert.ok(await cohorts.count() >= 2, "the synthetic practices are cohorts of their own");
    assert.match(await page.getByTestId("engagement-scope").innerText(), /cohort Organization\/\S+ \(by organization\)/);
    const shownCohort = await page.getByLabel("Cohort shown in the charts").inputValue();
    assert.ok(await chart(page, "Monthly active patients").locator(".point").count() >= 1, `figures for ${shownCohort}`);

    await page.getByLabel("Period", { exact: true }).selectOption("3");
    await page.waitForFunction(() => document.querySelector('[data-testid="engagement-chart"] details tbody')?.rows.length === 3);
    await reportShown(page);
    assert.equal(await page.getByTestId("engagement-chart").first().locator("details tbody tr").count(), 3, "three months");
    await checkAccessibility(page, "analytics dashboard by practice");
    await screenshot(page, "analyst-cohorts");
  });

  pageTest("downloads the figures shown as CSV", "analyst-csv", async (page) => {
    const shownCohort = await page.getByLabel("Cohort shown in the charts").inputValue();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^engagement-organization-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await download.path(), "utf8").trimEnd().split("\r\n");
    assert.equal(lines[0], "cohort_by,cohort,month,measure,value,unit");
    const monthly = lines.filter((l) => new RegExp(`^organization,${shownCohort},\\d{4}-\\d{2},`).test(l));
    assert.equal(new Set(monthly.map((l) => l.split(",")[2])).size, 3, "the chosen cohort's three months");
    const active = monthly.filter((l) => l.split(",")[3] === "active-patients");
    assert.equal(active.length, 3);
    assert.ok(active.some((l) => /,\d+,count$/.test(l)), "active patients are counted, not all suppressed");
    assert.ok(lines.some((l) => /^organization,[^,]+,,adoption,(\d+\.\d+|suppressed),ratio$/.test(l)), "the period's figures per cohort");
    await screenshot(page, "analyst-csv");
  });

  effectPanelTests(pageTest);

  pageTest("reads the whole dashboard on a 390x844 phone, its table reachable by keyboard", "analyst-phone", async (page) => {
    await page.setViewportSize(PHONE);
    await page.evaluate(() => window.scrollTo(0, 0));
    await reportShown(page);
    const region = page.locator('[role="region"]').filter({ has: page.getByTestId("cohort-table") });
    assert.equal(await region.getAttribute("tabindex"), "0", "the scrolling table region takes the keyboard focus");
    await region.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("role")), "region");
    await checkScreen(page, "analytics dashboard on a phone", "walk-phone-analyst-dashboard");
  });
});
